import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { AdminsOnly, RequireAdmin } from "@/features/auth/AdminOnly";
import { useSandbox } from "@/features/simulator/api";
import { isForbidden, useConnectionCheck, useSettings } from "./api";
import { BusinessCard } from "./BusinessCard";
import { CloseBotCard } from "./CloseBotCard";
import type { Connection } from "./connection";
import { NotificationsCard } from "./NotificationsCard";
import { Note } from "./parts";
import { PhoneNumbersCard } from "./PhoneNumbersCard";
import { SandboxCard } from "./SandboxCard";
import { TeamCard } from "./TeamCard";
import { TwilioCard } from "./TwilioCard";
import { WebhookUrlsCard } from "./WebhookUrlsCard";

function Loading() {
  return (
    <div className="grid gap-6 xl:grid-cols-2" aria-busy="true" aria-label="Loading settings">
      <Skeleton className="h-72 w-full" />
      <Skeleton className="h-72 w-full" />
    </div>
  );
}

function AdminSettings() {
  const settings = useSettings();
  const view = settings.data;
  const twilioReady = Boolean(view?.twilio.accountSid) && Boolean(view?.twilio.authTokenSet);
  // In sandbox mode the numbers are the simulated account's.
  const sandbox = useSandbox().data?.enabled ?? false;
  const check = useConnectionCheck(twilioReady || Boolean(view?.closebot.apiKeySet));
  if (isForbidden(settings.error)) return <AdminsOnly page="Settings" />;

  const connection: Connection = {
    result: check.data,
    checking: check.isFetching,
    failure: check.error?.message,
    test: () => void check.refetch(),
  };

  return (
    <div className="mx-auto w-full max-w-7xl space-y-6 p-4 md:p-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-fg-muted">Connect Twilio and CloseBot, your numbers, the business's time zone, alerts and the team.</p>
      </div>
      {view === undefined ? (
        settings.isError ? (
          <div className="space-y-3">
            <Note tone="warning">{`The settings could not be loaded: ${settings.error.message}`}</Note>
            <Button variant="secondary" onClick={() => void settings.refetch()}>
              <RefreshCw aria-hidden="true" /> Try again
            </Button>
          </div>
        ) : (
          <Loading />
        )
      ) : (
        <>
          {view.signatureValidation ? null : (
            <Note tone="warning">Twilio signatures are not checked (TWILIO_VALIDATE_SIGNATURES=false): anyone could post fake texts. Only for local experiments.</Note>
          )}
          <div className="grid gap-6 xl:grid-cols-2 xl:items-start">
            <div className="min-w-0 space-y-6">
              <TwilioCard saved={view.twilio} connection={connection} />
              <CloseBotCard saved={view.closebot} connection={connection} />
              <WebhookUrlsCard urls={view.webhookUrls} />
              <BusinessCard saved={view.business} />
            </div>
            <div className="min-w-0 space-y-6">
              <SandboxCard />
              <PhoneNumbersCard twilioReady={twilioReady || sandbox} />
              <NotificationsCard saved={view.alerts} />
            </div>
          </div>
          <TeamCard />
        </>
      )}
    </div>
  );
}

/** /settings: admins only; an agent gets a clear page saying so. */
export default function SettingsPage() {
  return (
    <RequireAdmin page="Settings">
      <AdminSettings />
    </RequireAdmin>
  );
}
