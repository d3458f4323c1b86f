import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Link2, Smartphone, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api";
import { formatPhone } from "@/lib/format";
import { numbersKey, type NumberList, type NumberView } from "./api";
import { connectConfirmation, hookup, withNumber, withRouteActive } from "./numbers";

function useConnect(number: NumberView, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/twilio/numbers/{sid}/connect", { params: { path: { sid: number.sid } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData<NumberList>(numbersKey, (list) => (list ? withNumber(list, updated) : list));
      toast.success(`${formatPhone(updated.phoneNumber)} now sends its texts here`);
      onDone();
    },
    meta: { silent: true },
  });
}

function useRouteActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      unwrap(api.PUT("/api/routes/{id}", { params: { path: { id } }, body: { active } })),
    onSuccess: (route) => {
      queryClient.setQueryData<NumberList>(numbersKey, (list) => (list ? withRouteActive(list, route.id, route.active) : list));
      void queryClient.invalidateQueries({ queryKey: ["routes"] });
    },
  });
}

function Where({ number }: { number: NumberView }) {
  const state = hookup(number);
  if (state === "here") {
    return (
      <p className="flex items-center gap-1.5 text-xs text-green-400">
        <CheckCircle2 className="size-3.5 shrink-0" aria-hidden="true" /> Texts come to this app
      </p>
    );
  }
  return (
    <p className="flex items-start gap-1.5 text-xs text-yellow-300" data-testid="number-warning">
      <TriangleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
      <span className="min-w-0 break-all">
        {state === "elsewhere" ? `Texts go elsewhere: ${number.smsUrl ?? ""}` : "No incoming-message URL: texts to it go nowhere"}
      </span>
    </p>
  );
}

export function NumberRow({ number, inboundUrl }: { number: NumberView; inboundUrl: string }) {
  const [confirming, setConfirming] = useState(false);
  const connect = useConnect(number, () => setConfirming(false));
  const toggle = useRouteActive();
  const phone = formatPhone(number.phoneNumber);
  const question = connectConfirmation(number, inboundUrl);
  const route = number.route;
  const active = toggle.isPending && toggle.variables.id === route?.id ? toggle.variables.active : route?.active;

  return (
    <li className="flex flex-wrap items-start gap-3 py-3 first:pt-0 last:pb-0" data-testid="number-row" data-sid={number.sid}>
      <Smartphone className="mt-0.5 size-4 shrink-0 text-accent" aria-hidden="true" />
      <div className="min-w-0 flex-1 basis-48 space-y-1">
        <p className="text-sm font-medium tabular">
          {phone}
          {number.friendlyName && number.friendlyName !== phone ? <span className="ml-2 font-normal text-fg-subtle">{number.friendlyName}</span> : null}
        </p>
        <p className="text-xs text-fg-muted">
          {route ? (
            <>Bot: {route.botName ?? "unnamed bot"}</>
          ) : (
            <>
              Not routed yet —{" "}
              <Link to="/routing" className="text-accent hover:underline">
                route it to a bot
              </Link>
            </>
          )}
        </p>
        <Where number={number} />
      </div>
      <div className="flex items-center gap-3">
        {number.pointsHere ? null : (
          <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Connect ${phone}`}>
            <Link2 aria-hidden="true" /> Connect
          </Button>
        )}
        {route ? (
          <label className="flex items-center gap-2 text-xs text-fg-muted">
            <Switch
              checked={active ?? false}
              disabled={toggle.isPending}
              onCheckedChange={(next) => toggle.mutate({ id: route.id, active: next })}
              aria-label={`${phone} active`}
            />
            <span className="w-11">{active ? "Active" : "Paused"}</span>
          </label>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          if (!open) connect.reset();
        }}
        title={question.title}
        description={question.description}
        confirmLabel="Connect"
        pending={connect.isPending}
        error={connect.error?.message ?? null}
        onConfirm={() => connect.mutate()}
      />
    </li>
  );
}
