import { Phone } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { FormError } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { Schemas } from "@/lib/api";
import { useSaveSettings } from "./api";
import type { Connection } from "./connection";
import { connectionStatus, secretPlaceholder, twilioDraft } from "./credentials";
import { CredentialActions, Field, Note, SetBadge, SettingsCard, StatusLine } from "./parts";

export function TwilioCard({ saved, connection }: { saved: Schemas["TwilioSettings"]; connection: Connection }) {
  const [accountSid, setAccountSid] = useState(saved.accountSid ?? "");
  const [authToken, setAuthToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveSettings();
  const configured = Boolean(saved.accountSid) && saved.authTokenSet;
  const draft = twilioDraft({ accountSid, authToken }, saved);
  const locked = saved.fromEnvironment;
  const status = connectionStatus({ configured, checking: connection.checking, result: connection.result?.twilio, failure: connection.failure });

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!draft) return;
    if (draft.error !== undefined) return setProblem(draft.error);
    setProblem(null);
    save.mutate(
      { twilio: draft.change },
      {
        onSuccess: () => {
          setAuthToken("");
          toast.success("Twilio credentials saved");
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <SettingsCard id="twilio" icon={Phone} title="Twilio" description="The account your SMS numbers live in.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Twilio credentials">
        {locked ? (
          <Note>Set in the environment (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): change them there and restart the app.</Note>
        ) : null}
        <Field id="twilio-sid" label="Account SID" hint={locked ? undefined : "Twilio console → Account info. Starts with AC."}>
          <Input
            id="twilio-sid"
            value={accountSid}
            onChange={(e) => setAccountSid(e.target.value)}
            readOnly={locked}
            disabled={locked}
            autoComplete="off"
            spellCheck={false}
            placeholder="AC…"
            className="font-mono text-[13px]"
          />
        </Field>
        <Field id="twilio-token" label="Auth token" badge={<SetBadge set={saved.authTokenSet} />}>
          <Input
            id="twilio-token"
            type="password"
            value={authToken}
            onChange={(e) => setAuthToken(e.target.value)}
            readOnly={locked}
            disabled={locked}
            autoComplete="new-password"
            placeholder={secretPlaceholder(saved.authTokenSet, "primary auth token")}
          />
        </Field>
        <FormError>{problem}</FormError>
        <StatusLine status={status} testId="twilio-status" />
        <CredentialActions
          locked={locked}
          canSave={Boolean(draft)}
          saving={save.isPending}
          canTest={configured}
          testing={connection.checking}
          onTest={connection.test}
        />
      </form>
    </SettingsCard>
  );
}
