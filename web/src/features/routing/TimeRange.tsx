import { Input } from "@/components/ui/input";
import { endFromInput, endToInput, MIDNIGHT_END } from "./hours";

/** A start–end pair of time inputs; an end of 00:00 means midnight ("24:00"). */
export function TimeRange({ label, start, end, onChange, invalid }: { label: string; start: string; end: string; onChange: (start: string, end: string) => void; invalid?: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input
        type="time"
        aria-label={`${label} opens`}
        value={start}
        onChange={(e) => onChange(e.target.value, end)}
        aria-invalid={invalid || undefined}
        className="h-9 w-[7.5rem] px-2"
      />
      <span className="text-xs text-fg-subtle">to</span>
      <Input
        type="time"
        aria-label={`${label} closes`}
        value={endToInput(end)}
        onChange={(e) => onChange(start, endFromInput(e.target.value))}
        aria-invalid={invalid || undefined}
        className="h-9 w-[7.5rem] px-2"
      />
      {end === MIDNIGHT_END ? <span className="text-xs text-fg-subtle">(midnight)</span> : null}
    </div>
  );
}
