import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Smartphone } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { api, unwrap } from "@/lib/api";
import { relativeTime } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { cn } from "@/lib/utils";
import { numbersKey, useNumbers } from "./api";
import { NumberRow } from "./NumberRow";
import { Note, SettingsCard } from "./parts";

function useRefresh() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.GET("/api/twilio/numbers", { params: { query: { refresh: true } } })),
    onSuccess: (list) => queryClient.setQueryData(numbersKey, list),
  });
}

export function PhoneNumbersCard({ twilioReady }: { twilioReady: boolean }) {
  const numbers = useNumbers(twilioReady);
  const refresh = useRefresh();
  const now = useNow(30_000);
  const list = numbers.data;
  const busy = refresh.isPending || numbers.isFetching;

  return (
    <SettingsCard
      id="numbers"
      icon={Smartphone}
      title="Phone numbers"
      description={list?.fetchedAt ? `Your Twilio numbers, read ${relativeTime(list.fetchedAt, now)}.` : "Your Twilio numbers."}
      action={
        <Button variant="secondary" size="sm" onClick={() => refresh.mutate()} disabled={!twilioReady || busy} aria-label="Refresh numbers from Twilio">
          <RefreshCw className={cn(busy && "animate-spin")} aria-hidden="true" /> Refresh
        </Button>
      }
    >
      {!twilioReady ? (
        <Note>Save your Twilio credentials to see your numbers here.</Note>
      ) : numbers.isPending ? (
        <div className="space-y-3" aria-busy="true" aria-label="Loading numbers">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : list ? (
        <>
          {list.error ? <Note tone="warning">{`Could not read the numbers from Twilio just now: ${list.error}`}</Note> : null}
          {list.items.length === 0 ? (
            <p className="text-sm text-fg-muted">{list.fetchedAt ? "This Twilio account has no phone numbers yet." : "No numbers read yet."}</p>
          ) : (
            <ul className="divide-y divide-line/50" aria-label="Twilio phone numbers">
              {list.items.map((n) => (
                <NumberRow key={n.sid} number={n} inboundUrl={list.inboundUrl} />
              ))}
            </ul>
          )}
        </>
      ) : (
        <Note tone="warning">{numbers.error.message}</Note>
      )}
    </SettingsCard>
  );
}
