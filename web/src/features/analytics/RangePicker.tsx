import { CalendarDays, Check, ChevronDown } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { FieldMessage } from "@/features/routing/FieldMessage";
import { cn } from "@/lib/utils";
import { addDays, customProblem, PRESETS, type Dates, type Resolution, type Selection } from "./range";

interface Props {
  selection: Selection;
  dates: Dates;
  label: string;
  /** The business's today (YYYY-MM-DD). */
  today: string;
  zone: string;
  onChange: (selection: Selection) => void;
}

function CustomRange({ dates, today, onApply }: { dates: Dates; today: string; onApply: (dates: Dates) => void }) {
  const [start, setStart] = useState(dates.start);
  const [end, setEnd] = useState(dates.end);
  const [problem, setProblem] = useState<ReturnType<typeof customProblem>>(null);
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const wrong = customProblem(start, end, today);
    setProblem(wrong);
    if (!wrong) onApply({ start, end });
  };
  const errorOf = (field: "start" | "end") => (problem?.field === field ? problem.message : undefined);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Custom range" className="space-y-3 border-t border-line/60 pt-3">
      <p className="text-xs font-semibold uppercase tracking-wide text-fg-subtle">Custom range</p>
      <div className="grid grid-cols-2 gap-2">
        <div className="min-w-0 space-y-1">
          <Label htmlFor="range-start">From</Label>
          <Input
            id="range-start"
            type="date"
            value={start}
            max={today}
            min={addDays(today, -730)}
            aria-invalid={errorOf("start") ? true : undefined}
            aria-describedby={errorOf("start") ? "range-start-error" : undefined}
            onChange={(e) => setStart(e.target.value)}
          />
          <FieldMessage id="range-start-error" message={errorOf("start")} />
        </div>
        <div className="min-w-0 space-y-1">
          <Label htmlFor="range-end">To</Label>
          <Input
            id="range-end"
            type="date"
            value={end}
            max={today}
            aria-invalid={errorOf("end") ? true : undefined}
            aria-describedby={errorOf("end") ? "range-end-error" : undefined}
            onChange={(e) => setEnd(e.target.value)}
          />
          <FieldMessage id="range-end-error" message={errorOf("end")} />
        </div>
      </div>
      <Button type="submit" size="sm" className="w-full">
        Apply range
      </Button>
    </form>
  );
}

/** The date-range picker: presets, or two dates; the label says which days, in the business's zone. */
export function RangePicker({ selection, dates, label, today, zone, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const choose = (next: Selection) => {
    setOpen(false);
    onChange(next);
  };
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="secondary" className="h-10 max-w-full justify-start" data-testid="range-picker">
          <CalendarDays className="text-accent" aria-hidden="true" />
          <span className="truncate">{label}</span>
          <ChevronDown className="ml-auto text-fg-subtle" aria-hidden="true" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-[min(20rem,calc(100vw-2rem))] space-y-3 p-3">
        <ul className="space-y-0.5" aria-label="Preset ranges">
          {PRESETS.map((p) => {
            const current = selection.preset === p.key;
            return (
              <li key={p.key}>
                <button
                  type="button"
                  aria-pressed={current}
                  onClick={() => choose({ preset: p.key })}
                  className={cn(
                    "flex w-full items-center justify-between rounded-md px-2.5 py-1.5 text-left text-sm transition-colors hover:bg-hover focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60",
                    current ? "text-accent" : "text-fg",
                  )}
                >
                  {p.label}
                  {current ? <Check className="size-4" aria-hidden="true" /> : null}
                </button>
              </li>
            );
          })}
        </ul>
        <CustomRange
          dates={dates}
          today={today}
          onApply={(d) => choose({ preset: "custom", start: d.start, end: d.end })}
        />
        <p className="text-[11px] text-fg-subtle">Days are counted in {zone} time (the business's zone).</p>
      </PopoverContent>
    </Popover>
  );
}

const RESOLUTION_LABELS: Record<Resolution, string> = { hour: "Hour", day: "Day", week: "Week" };

/** Hour, day or week buckets, where the range allows more than one. */
export function ResolutionSwitch({ allowed, current, onChange }: { allowed: Resolution[]; current: Resolution; onChange: (resolution: Resolution) => void }) {
  if (allowed.length < 2) return null;
  return (
    <div role="group" aria-label="Group by" className="inline-flex h-10 shrink-0 items-center rounded-lg border border-line bg-app/60 p-1">
      {allowed.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={current === r}
          onClick={() => onChange(r)}
          className={cn(
            "h-full rounded-md px-3 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60",
            current === r ? "bg-accent/15 text-accent" : "text-fg-muted hover:text-fg",
          )}
        >
          {RESOLUTION_LABELS[r]}
        </button>
      ))}
    </div>
  );
}
