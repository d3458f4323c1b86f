import { Clock } from "lucide-react";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { useRoutes, routeLabel } from "@/lib/routes";
import { countSegments, describeSegments, MAX_BODY_CHARS } from "@/lib/segments";
import { cn } from "@/lib/utils";
import { paceEstimate, parsePace } from "./pace";

export interface FirstMessageDraft {
  enabled: boolean;
  routeId: string;
  body: string;
  /** As typed; parsed with parsePace. */
  pace: string;
}

export const NO_FIRST_MESSAGE: FirstMessageDraft = { enabled: false, routeId: "", body: "", pace: "1" };

/** Why the first message cannot be sent as set, or null. */
export function firstMessageProblem(draft: FirstMessageDraft): string | null {
  if (!draft.enabled) return null;
  if (!draft.routeId) return "Choose the number the first message goes out from.";
  const body = draft.body.trim();
  if (!body) return "Write the first message, or switch it off.";
  if (countSegments(body).chars > MAX_BODY_CHARS) return `The first message is longer than ${MAX_BODY_CHARS} characters.`;
  if (parsePace(draft.pace) === null) return "The pace must be between 0.05 and 100 segments a second.";
  return null;
}

/** An optional first text to every contact the import creates or updates, through a route, at the number's pace. */
interface Props {
  draft: FirstMessageDraft;
  /** Who would get it (see `recipients`). */
  contacts: number;
  exact: boolean;
  onChange: (draft: FirstMessageDraft) => void;
}

export function FirstMessageFields({ draft, contacts, exact, onChange }: Props) {
  const routes = useRoutes();
  const active = (routes.data ?? []).filter((r) => r.active);
  const set = (patch: Partial<FirstMessageDraft>) => onChange({ ...draft, ...patch });
  const pace = parsePace(draft.pace);
  const estimate = paceEstimate(contacts, draft.body, pace ?? 1, exact);
  const segments = countSegments(draft.body.trim());

  return (
    <div className="space-y-3 rounded-lg border border-line/60 p-3">
      <div className="flex items-start justify-between gap-3">
        <div>
          <Label htmlFor="first-message-switch" className="text-sm text-fg">
            Send a first message
          </Label>
          <p className="text-xs text-fg-subtle">To every contact the import creates or updates; never to an opted-out number. You can stop it while it goes out.</p>
        </div>
        <Switch id="first-message-switch" checked={draft.enabled} onCheckedChange={(enabled) => set({ enabled, routeId: draft.routeId || (active[0]?.id ?? "") })} />
      </div>
      {draft.enabled ? (
        <div className="space-y-3">
          <div className="space-y-1.5">
            <Label htmlFor="first-message-route">From</Label>
            <Select id="first-message-route" value={draft.routeId} onChange={(e) => set({ routeId: e.target.value })}>
              <option value="">Choose a number…</option>
              {active.map((r) => (
                <option key={r.id} value={r.id}>
                  {routeLabel(r)}
                </option>
              ))}
            </Select>
            {routes.isSuccess && active.length === 0 ? <p className="text-xs text-yellow-300">No route is switched on: add or resume one in Routing first.</p> : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="first-message-body">Message</Label>
            <Textarea id="first-message-body" rows={3} value={draft.body} placeholder="Hi! This is Sam from Acme…" onChange={(e) => set({ body: e.target.value })} />
            <p className={cn("text-right text-[11px] tabular", segments.chars > MAX_BODY_CHARS ? "text-red-400" : "text-fg-subtle")}>{describeSegments(segments)}</p>
          </div>
          <div className="grid items-end gap-3 sm:grid-cols-[10rem_1fr]">
            <div className="space-y-1.5">
              <Label htmlFor="first-message-pace">Pace (segments a second)</Label>
              <Input id="first-message-pace" type="number" inputMode="decimal" min={0.05} max={100} step={0.05} value={draft.pace} aria-invalid={pace === null || undefined} onChange={(e) => set({ pace: e.target.value })} />
            </div>
            <p className="flex items-start gap-2 pb-2.5 text-sm text-fg-muted" data-testid="pace-estimate">
              <Clock className="mt-0.5 size-4 shrink-0 text-accent" aria-hidden="true" />
              <span>
                {pace === null ? "Between 0.05 and 100." : `Sending takes ${estimate.text}`}
                {pace !== null ? ` (${estimate.segmentsPerMessage} ${estimate.segmentsPerMessage === 1 ? "segment" : "segments"} each at ${pace} a second).` : null}
              </span>
            </p>
          </div>
          <p className="text-xs text-fg-subtle">A US long code sends 1 segment a second; toll-free numbers and short codes are allowed more by Twilio.</p>
        </div>
      ) : null}
    </div>
  );
}
