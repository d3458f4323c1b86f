import { FlaskConical, MessagesSquare, Moon } from "lucide-react";
import { Link, useSearchParams } from "react-router";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useMe } from "@/features/auth/session";
import { formatPhone } from "@/lib/format";
import { useChangeSandbox, usePhone, useSandbox, useSendText, type SandboxView } from "./api";
import { CustomerPicker } from "./CustomerPicker";
import { toE164 } from "./numbers";
import { PhoneScreen } from "./PhoneScreen";

function SandboxOff() {
  const me = useMe();
  const change = useChangeSandbox();
  return (
    <Card className="mx-auto max-w-lg space-y-3 p-6 text-center">
      <FlaskConical className="mx-auto size-8 text-fg-subtle" aria-hidden="true" />
      <h2 className="text-lg font-semibold">Sandbox mode is off</h2>
      <p className="text-sm text-fg-muted">The phone simulator texts a simulated Twilio and CloseBot inside the app. With sandbox mode off, the app uses your real providers.</p>
      {me.data?.role === "admin" ? (
        <Button disabled={change.isPending} onClick={() => change.mutate({ enabled: true })}>
          Switch sandbox mode on
        </Button>
      ) : (
        <p className="text-sm text-fg-subtle">An admin can switch it on in Settings.</p>
      )}
    </Card>
  );
}

function AfterHours({ view }: { view: SandboxView }) {
  const me = useMe();
  const change = useChangeSandbox();
  const admin = me.data?.role === "admin";
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <p id="after-hours-label" className="flex items-center gap-2 text-sm font-medium text-fg">
          <Moon className="size-4 text-fg-muted" aria-hidden="true" /> After hours
        </p>
        <p id="after-hours-desc" className="text-xs text-fg-subtle">
          {view.afterHours
            ? "The sandbox route is closed: texts get its after-hours reply and reach the bot when you switch this off."
            : "Close the sandbox route to see what a customer texting after hours gets."}
          {admin ? null : " Admins can change it."}
        </p>
      </div>
      <Switch
        checked={view.afterHours}
        disabled={!admin || change.isPending}
        onCheckedChange={(afterHours) => change.mutate({ afterHours })}
        aria-labelledby="after-hours-label"
        aria-describedby="after-hours-desc"
        className="mt-0.5"
      />
    </div>
  );
}

function Simulator({ view }: { view: SandboxView }) {
  const [params, setParams] = useSearchParams();
  const customer = toE164(params.get("number") ?? "") ?? view.defaultCustomer;
  const phone = usePhone(customer, true);
  const send = useSendText(customer);
  const choose = (number: string) => setParams((p) => ({ ...Object.fromEntries(p), number }), { replace: true });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_400px] lg:items-start">
      <div className="order-2 min-w-0 space-y-4 lg:order-1">
        <Card className="space-y-4 p-4 sm:p-5">
          <CustomerPicker number={customer} handsets={view.handsets} onChange={choose} />
        </Card>
        <Card className="space-y-4 p-4 sm:p-5">
          <AfterHours view={view} />
          <p className="text-sm text-fg-muted">
            {view.failurePercent > 0
              ? `${view.failurePercent}% of the texts the app sends fail as undeliverable (Twilio error 30006), as set in Settings → Sandbox.`
              : "Every text the app sends is delivered. Settings → Sandbox can make a share of them fail (Twilio error 30006)."}
          </p>
          <Button asChild variant="secondary" size="sm">
            <Link to="/conversations">
              <MessagesSquare aria-hidden="true" /> See it in Conversations
            </Link>
          </Button>
        </Card>
        <p className="text-xs text-fg-subtle">
          Texts reach the app exactly as Twilio's would (a signed webhook); the demo bot answers through the CloseBot callback, and the reply arrives here once the simulated Twilio has delivered it.
        </p>
      </div>
      <div className="order-1 lg:order-2">
        {phone.data ? (
          <PhoneScreen
            customer={customer}
            business={view.number}
            businessName={view.botName}
            texts={phone.data.texts}
            stopped={phone.data.stopped.includes(view.number)}
            sending={send.isPending}
            onSend={(body) => send.mutateAsync(body)}
          />
        ) : (
          <Skeleton className="mx-auto h-[600px] w-full max-w-[380px] rounded-[2.25rem]" />
        )}
      </div>
    </div>
  );
}

/** /simulator: text the sandbox number as a customer and see the bot's replies arrive. */
export default function SimulatorPage() {
  const sandbox = useSandbox();
  const view = sandbox.data;
  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-4 md:p-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Phone simulator</h1>
        <p className="mt-1 text-sm text-fg-muted">
          {view ? `Text ${formatPhone(view.number)} as a customer would, and watch the demo bot answer.` : "Text the sandbox number as a customer would."}
        </p>
      </div>
      {view === undefined ? <Skeleton className="h-96 w-full" /> : view.enabled ? <Simulator view={view} /> : <SandboxOff />}
    </div>
  );
}
