import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Webhook } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { api, unwrap, type Schemas } from "@/lib/api";
import { countOf, fullDateTime } from "@/lib/format";
import { settingsKey, type SettingsView } from "./api";
import { CopyField } from "./CopyField";
import { Note, SettingsCard } from "./parts";

type Rotated = Schemas["TokenRotated"];

/** What a rotation did, in a sentence. */
export function rotatedNote(r: Rotated): string {
  const sources = r.sourcesRepointed === 0 ? "No CloseBot source was made by this app" : `${countOf(r.sourcesRepointed, "CloseBot source is", "CloseBot sources are")} being re-pointed`;
  return `New response URL made. ${sources}; the old URL keeps working until ${fullDateTime(r.previousValidUntil)}, so update any source you set up by hand before then.`;
}

function useRotate(onDone: (r: Rotated) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/settings/rotate-token")),
    onSuccess: (rotated) => {
      queryClient.setQueryData<SettingsView>(settingsKey, (view) =>
        view ? { ...view, webhookUrls: { ...view.webhookUrls, response: rotated.responseUrl } } : view,
      );
      toast.success("Response URL rotated");
      onDone(rotated);
    },
    meta: { silent: true },
  });
}

export function WebhookUrlsCard({ urls }: { urls: Schemas["WebhookUrls"] }) {
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const rotate = useRotate((r) => {
    setRotated(r);
    setConfirming(false);
  });

  return (
    <SettingsCard id="webhooks" icon={Webhook} title="Webhook URLs" description="Where Twilio and CloseBot reach this app.">
      <CopyField id="url-inbound" label="Inbound URL" value={urls.inbound} hint={'Twilio → your number → Messaging → "A message comes in": Webhook, HTTP POST. Connect does this for you.'} />
      <CopyField id="url-status" label="Status URL" value={urls.status} hint="Nothing to paste: sent with every text as its StatusCallback." />
      <CopyField id="url-response" label="Response URL" value={urls.response} hint="The webhook callback of a CloseBot WebHook source. It carries a secret token: keep it private." />
      {rotated ? <Note>{rotatedNote(rotated)}</Note> : null}
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        <KeyRound aria-hidden="true" /> Rotate token
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          if (!open) rotate.reset();
        }}
        title="Make a new response URL?"
        description="The response URL gets a new secret token. CloseBot sources this app created are re-pointed to it automatically. The old URL keeps working for a day, so you have time to update any source you set up by hand."
        confirmLabel="Rotate token"
        pending={rotate.isPending}
        error={rotate.error?.message ?? null}
        onConfirm={() => rotate.mutate()}
      />
    </SettingsCard>
  );
}
