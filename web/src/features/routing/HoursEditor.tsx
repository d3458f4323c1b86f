import { Label } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { cn } from "@/lib/utils";
import { errorFor, type FieldError } from "./fieldErrors";
import { ExceptionsEditor } from "./ExceptionsEditor";
import { FieldMessage } from "./FieldMessage";
import { DAY_NAMES, DAYS, type DayForm, type DayKey, type HoursForm } from "./hours";
import { TimeRange } from "./TimeRange";
import { TimeZoneSelect } from "./TimeZoneSelect";

function DayRow({ day, value, error, onChange }: { day: DayKey; value: DayForm; error: string | undefined; onChange: (next: DayForm) => void }) {
  const name = DAY_NAMES[day];
  const errorId = `hours-${day}-error`;
  return (
    <li className="py-2" data-testid={`day-${day}`}>
      <div className="flex min-h-9 flex-wrap items-center gap-x-3 gap-y-2">
        <div className="flex w-32 items-center gap-2.5">
          <Switch checked={value.open} onCheckedChange={(open) => onChange({ ...value, open })} aria-label={`Open on ${name}`} />
          <span className={cn("text-sm", value.open ? "text-fg" : "text-fg-subtle")}>{name}</span>
        </div>
        {value.open ? (
          <TimeRange label={name} start={value.start} end={value.end} onChange={(start, end) => onChange({ ...value, start, end })} invalid={Boolean(error)} />
        ) : (
          <span className="text-sm text-fg-subtle">Closed</span>
        )}
      </div>
      <FieldMessage id={errorId} message={error} />
    </li>
  );
}

/** Business hours: always open, or a time zone, Mon–Sun with their hours, and dated exceptions. */
export function HoursEditor({ form, errors, onChange }: { form: HoursForm; errors: FieldError | null; onChange: (next: HoursForm) => void }) {
  const tzError = errorFor(errors, "timezone");
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Business hours</legend>
      <label className="flex items-center gap-3 text-sm">
        <Switch checked={form.enabled} onCheckedChange={(enabled) => onChange({ ...form, enabled })} aria-label="Use business hours" />
        {form.enabled ? "Texts outside these hours get the after-hours reply" : "Always open: the bot answers at any hour"}
      </label>
      <FieldMessage id="hours-error" message={errorFor(errors, "businessHours")} />
      {form.enabled ? (
        <>
          <div>
            <Label htmlFor="hours-timezone">Time zone</Label>
            <div className="mt-1.5">
              <TimeZoneSelect
                id="hours-timezone"
                value={form.timezone}
                onChange={(timezone) => onChange({ ...form, timezone })}
                {...(tzError ? { describedBy: "hours-timezone-error" } : {})}
              />
            </div>
            <FieldMessage id="hours-timezone-error" message={tzError} />
          </div>
          <ul className="divide-y divide-line/40 rounded-lg border border-line/60 bg-app/30 px-3" aria-label="Weekly hours">
            {DAYS.map((day) => (
              <DayRow
                key={day}
                day={day}
                value={form.days[day]}
                error={errorFor(errors, `day.${day}`)}
                onChange={(next) => onChange({ ...form, days: { ...form.days, [day]: next } })}
              />
            ))}
          </ul>
          <ExceptionsEditor
            timezone={form.timezone}
            exceptions={form.exceptions}
            errors={errors}
            onChange={(exceptions) => onChange({ ...form, exceptions })}
          />
        </>
      ) : null}
    </fieldset>
  );
}
