import { Bot } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { FormError } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { Schemas } from "@/lib/api";
import { useSaveSettings } from "./api";
import type { Connection } from "./connection";
import { closebotDraft, connectionStatus, secretPlaceholder } from "./credentials";
import { CredentialActions, Field, Note, SetBadge, SettingsCard, StatusLine } from "./parts";

export function CloseBotCard({ saved, connection }: { saved: Schemas["CloseBotSettings"]; connection: Connection }) {
  const [apiKey, setApiKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveSettings();
  const draft = closebotDraft(apiKey);
  const locked = saved.fromEnvironment;
  const status = connectionStatus({
    configured: saved.apiKeySet,
    checking: connection.checking,
    result: connection.result?.closebot,
    failure: connection.failure,
  });

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!draft) return;
    setProblem(null);
    save.mutate(
      { closebot: draft.change },
      {
        onSuccess: () => {
          setApiKey("");
          toast.success("CloseBot API key saved");
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <SettingsCard id="closebot" icon={Bot} title="CloseBot" description="The AI bots that answer your texts.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="CloseBot credentials">
        {locked ? <Note>Set in the environment (CLOSEBOT_API_KEY): change it there and restart the app.</Note> : null}
        <Field
          id="closebot-key"
          label="API key"
          badge={<SetBadge set={saved.apiKeySet} />}
          hint={locked ? undefined : "CloseBot → Settings → API keys. Each route's WebHook source is chosen on the Routing page."}
        >
          <Input
            id="closebot-key"
            type="password"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            readOnly={locked}
            disabled={locked}
            autoComplete="new-password"
            placeholder={secretPlaceholder(saved.apiKeySet, "API key")}
          />
        </Field>
        <FormError>{problem}</FormError>
        <StatusLine status={status} testId="closebot-status" />
        <CredentialActions
          locked={locked}
          canSave={Boolean(draft)}
          saving={save.isPending}
          canTest={saved.apiKeySet}
          testing={connection.checking}
          onTest={connection.test}
        />
      </form>
    </SettingsCard>
  );
}
