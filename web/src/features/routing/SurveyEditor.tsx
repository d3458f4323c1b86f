import { Input, Label, Select, Textarea } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { errorFor, type FieldError, type FieldKey } from "./fieldErrors";
import { FieldMessage } from "./FieldMessage";
import { QUIET_UNITS, type QuietUnit, type SurveyForm } from "./survey";

function SurveyText({ id, label, hint, value, error, onChange }: { id: string; label: string; hint: string; value: string; error: string | undefined; onChange: (v: string) => void }) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={hint}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1.5 resize-y"
      />
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

/** The route's satisfaction survey: on or off, its two texts and how long a conversation must be quiet before it is asked. */
export function SurveyEditor({ form, errors, onChange }: { form: SurveyForm; errors: FieldError | null; onChange: (next: SurveyForm) => void }) {
  const error = (field: FieldKey) => errorFor(errors, field);
  const quietError = error("csatSurvey.quietMinutes");
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Satisfaction survey</legend>
      <label className="flex items-center gap-3 text-sm">
        <Switch checked={form.enabled} onCheckedChange={(enabled) => onChange({ ...form, enabled })} aria-label="Ask for a satisfaction score" />
        {form.enabled ? "Customers are asked to rate the conversation 1–5" : "Off: customers are not asked for a score"}
      </label>
      {form.enabled ? (
        <>
          <p className="text-xs text-fg-subtle">
            Sent once after a booking, or when a conversation has been quiet for the time below; at most once per customer in 30 days, only in business hours, never to
            someone who opted out or whom a person is handling. A score in reply is recorded and not passed to the bot.
          </p>
          <SurveyText
            id="survey-question"
            label="Survey question"
            hint="How did we do? Reply 1–5 (5 = great)."
            value={form.question}
            error={error("csatSurvey.question")}
            onChange={(question) => onChange({ ...form, question })}
          />
          <SurveyText
            id="survey-thank-you"
            label="Thank-you message"
            hint="Sent once after a score. Empty: no thank-you."
            value={form.thankYou}
            error={error("csatSurvey.thankYou")}
            onChange={(thankYou) => onChange({ ...form, thankYou })}
          />
          <div>
            <Label htmlFor="survey-quiet-amount">Ask after a quiet conversation of</Label>
            <div className="mt-1.5 flex gap-2">
              <Input
                id="survey-quiet-amount"
                inputMode="numeric"
                value={form.quietAmount}
                onChange={(e) => onChange({ ...form, quietAmount: e.target.value })}
                aria-invalid={quietError ? true : undefined}
                aria-describedby={quietError ? "survey-quiet-error" : "survey-quiet-hint"}
                className="w-24"
              />
              <Select aria-label="Quiet time unit" value={form.quietUnit} onChange={(e) => onChange({ ...form, quietUnit: e.target.value as QuietUnit })} className="w-32">
                {QUIET_UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {unit}
                  </option>
                ))}
              </Select>
            </div>
            <p id="survey-quiet-hint" className="mt-1.5 text-xs text-fg-subtle">
              From one minute to 30 days without a message either way.
            </p>
            <FieldMessage id="survey-quiet-error" message={quietError} />
          </div>
        </>
      ) : null}
    </fieldset>
  );
}
