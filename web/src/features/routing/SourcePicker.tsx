import { AlertTriangle } from "lucide-react";
import { Input, Label, Select } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { SourceOption } from "./addRoute";
import { FieldMessage } from "./FieldMessage";

export type SourceMode = "create" | "existing" | "manual";

interface SourcePickerProps {
  mode: SourceMode;
  onMode: (mode: SourceMode) => void;
  name: string;
  onName: (name: string) => void;
  options: SourceOption[];
  existing: string;
  onExisting: (id: string) => void;
  manual: string;
  onManual: (id: string) => void;
  /** Why CloseBot's source list is not available. */
  listError: string | null;
  loading: boolean;
  error: string | undefined;
}

function Choice({ value, mode, onMode, title, children }: { value: SourceMode; mode: SourceMode; onMode: (m: SourceMode) => void; title: string; children?: React.ReactNode }) {
  const checked = mode === value;
  return (
    <div className={cn("rounded-lg border p-3 transition-colors", checked ? "border-accent/50 bg-accent/5" : "border-line/60")}>
      <label className="flex cursor-pointer items-start gap-2.5 text-sm font-medium">
        <input type="radio" name="source-mode" value={value} checked={checked} onChange={() => onMode(value)} className="mt-0.5 accent-cyan-400" />
        {title}
      </label>
      {checked && children ? <div className="mt-2.5 pl-6">{children}</div> : null}
    </div>
  );
}

/** How the route reaches its bot: a new WebHook source made on CloseBot, one that exists, or a source id typed in. */
export function SourcePicker(props: SourcePickerProps) {
  const { mode, onMode, options, existing } = props;
  const chosen = options.find((o) => o.id === existing);
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-xs font-medium text-fg-muted">CloseBot source</legend>
      <Choice value="create" mode={mode} onMode={onMode} title="Create a CloseBot source for this route">
        <Label htmlFor="add-source-name">Source name</Label>
        <Input id="add-source-name" className="mt-1.5" value={props.name} onChange={(e) => props.onName(e.target.value)} maxLength={120} />
        <p className="mt-1.5 text-xs text-fg-subtle">A WebHook source whose bot replies come back to this app; the bot is attached to it.</p>
      </Choice>
      <Choice value="existing" mode={mode} onMode={onMode} title="Use an existing WebHook source">
        {props.loading ? (
          <p className="text-xs text-fg-subtle">Asking CloseBot for its sources…</p>
        ) : options.length === 0 ? (
          <p className="text-xs text-fg-muted">{props.listError ?? "CloseBot has no WebHook source yet."}</p>
        ) : (
          <>
            <Label htmlFor="add-source-existing">Source</Label>
            <Select id="add-source-existing" className="mt-1.5" value={existing} onChange={(e) => props.onExisting(e.target.value)}>
              <option value="">Pick a source…</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                  {o.ofBot ? " (this bot)" : ""}
                </option>
              ))}
            </Select>
            {chosen?.pointsHere === false ? (
              <p className="mt-1.5 flex gap-1.5 text-xs text-yellow-300">
                <AlertTriangle className="mt-px size-3.5 shrink-0" aria-hidden="true" />
                Its replies go to another URL, not to this app: set its webhook callback to the response URL in Settings.
              </p>
            ) : null}
          </>
        )}
      </Choice>
      <Choice value="manual" mode={mode} onMode={onMode} title="Type a source ID">
        <Label htmlFor="add-source-manual">Source ID</Label>
        <Input id="add-source-manual" className="mt-1.5" value={props.manual} onChange={(e) => props.onManual(e.target.value)} placeholder="From CloseBot → Sources" />
      </Choice>
      <FieldMessage id="add-source-error" message={props.error} />
    </fieldset>
  );
}
