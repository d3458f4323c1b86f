import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { errorFor, type FieldError } from "./fieldErrors";
import { FieldMessage } from "./FieldMessage";
import { TimeRange } from "./TimeRange";
import { newException, todayIn, type ExceptionForm } from "./hours";

interface ExceptionsEditorProps {
  timezone: string;
  exceptions: ExceptionForm[];
  errors: FieldError | null;
  onChange: (next: ExceptionForm[]) => void;
}

/** Dated exceptions to the week: closed all day, or special hours; add and remove. */
export function ExceptionsEditor({ timezone, exceptions, errors, onChange }: ExceptionsEditorProps) {
  const update = (key: string, patch: Partial<ExceptionForm>) => onChange(exceptions.map((e) => (e.key === key ? { ...e, ...patch } : e)));
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Exceptions</h3>
        <Button variant="ghost" size="sm" className="text-accent" onClick={() => onChange([...exceptions, newException(todayIn(timezone))])}>
          <Plus />
          Add exception
        </Button>
      </div>
      {exceptions.length === 0 ? <p className="text-xs text-fg-subtle">Holidays and special days: none yet.</p> : null}
      <ul className="space-y-2" aria-label="Exceptions">
        {exceptions.map((e, i) => {
          const label = `Exception ${i + 1}`;
          const error = errorFor(errors, `exception.${e.date}`);
          return (
            <li key={e.key} data-testid="exception" className="rounded-lg border border-line/60 bg-app/30 p-2.5">
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  type="date"
                  aria-label={`${label} date`}
                  value={e.date}
                  onChange={(ev) => update(e.key, { date: ev.target.value })}
                  aria-invalid={error ? true : undefined}
                  className="h-9 w-[10.5rem] px-2"
                />
                <Select
                  aria-label={`${label} kind`}
                  value={e.closed ? "closed" : "hours"}
                  onChange={(ev) => update(e.key, { closed: ev.target.value === "closed" })}
                  className="h-9 w-auto"
                >
                  <option value="closed">Closed all day</option>
                  <option value="hours">Special hours</option>
                </Select>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  className="ml-auto hover:text-red-400"
                  aria-label={`Remove ${label.toLowerCase()}`}
                  onClick={() => onChange(exceptions.filter((x) => x.key !== e.key))}
                >
                  <X />
                </Button>
              </div>
              {e.closed ? null : (
                <div className="mt-2">
                  <TimeRange label={label} start={e.start} end={e.end} onChange={(start, end) => update(e.key, { start, end })} invalid={Boolean(error)} />
                </div>
              )}
              <FieldMessage id={`exception-${e.key}-error`} message={error} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
