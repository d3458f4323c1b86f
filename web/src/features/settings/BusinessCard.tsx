import { Building2, Save } from "lucide-react";
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import { useLocation } from "react-router";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { FieldMessage } from "@/features/routing/FieldMessage";
import { TimeZoneSelect } from "@/features/routing/TimeZoneSelect";
import type { Schemas } from "@/lib/api";
import { useSaveSettings } from "./api";
import { businessChange, businessErrorOf, businessFormFrom, isBusinessDirty, MAX_DROPPED_DAYS, type BusinessError, type BusinessField } from "./businessForm";
import { Field, SettingsCard } from "./parts";

/** The business's time zone (every figure's days and hours) and when a quiet conversation counts as dropped. */
export function BusinessCard({ saved }: { saved: Schemas["BusinessView"] }) {
  const [form, setForm] = useState(() => businessFormFrom(saved));
  const [problem, setProblem] = useState<BusinessError | null>(null);
  const save = useSaveSettings();
  const dirty = isBusinessDirty(form, saved);
  const frame = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();

  // /settings#business (from Analytics) lands here.
  useEffect(() => {
    if (hash === "#business") frame.current?.scrollIntoView({ block: "start" });
  }, [hash]);

  const errorOf = (field: BusinessField) => (problem?.field === field ? problem.message : undefined);
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const checked = businessChange(form);
    if ("error" in checked) return setProblem(checked.error);
    setProblem(null);
    save.mutate(
      { business: checked.change },
      {
        onSuccess: (view) => {
          setForm(businessFormFrom(view.business));
          toast.success("Business settings saved");
        },
        onError: (error) => setProblem(businessErrorOf(error)),
      },
    );
  };

  const zoneError = errorOf("zone");
  const daysError = errorOf("days");
  return (
    <div id="business" ref={frame} className="scroll-mt-20">
      <SettingsCard id="business" icon={Building2} title="Business" description="How the Dashboard, Bots and Analytics pages count their figures.">
        <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Business settings">
          <Field
            id="business-zone"
            label="Time zone"
            hint={
              <>
                “Today” and every day or hour of the figures follow this zone. Now in use: <span className="text-fg-muted">{saved.effectiveTimeZone}</span>.
              </>
            }
          >
            <TimeZoneSelect
              id="business-zone"
              value={form.zone}
              emptyLabel={`Use the first route's zone (${saved.defaultTimeZone})`}
              describedBy={zoneError ? "business-zone-error" : undefined}
              onChange={(zone) => {
                setForm({ ...form, zone });
                if (problem?.field === "zone") setProblem(null);
              }}
            />
            <FieldMessage id="business-zone-error" message={zoneError} />
          </Field>
          <Field id="business-dropped" label="Count a conversation as dropped after" hint="Quiet for longer than this, a conversation counts as dropped in the outcomes (unless booked or qualified).">
            <div className="flex items-center gap-2">
              <Input
                id="business-dropped"
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_DROPPED_DAYS}
                step={1}
                className="w-24"
                value={form.days}
                aria-invalid={daysError ? true : undefined}
                aria-describedby={daysError ? "business-dropped-error" : "business-dropped-hint"}
                onChange={(e) => {
                  setForm({ ...form, days: e.target.value });
                  if (problem?.field === "days") setProblem(null);
                }}
              />
              <span className="text-sm text-fg-muted">days of quiet</span>
            </div>
            <FieldMessage id="business-dropped-error" message={daysError} />
          </Field>
          <FormError>{problem?.field === "form" ? problem.message : null}</FormError>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!dirty || save.isPending}>
              <Save aria-hidden="true" />
              {save.isPending ? "Saving…" : "Save business settings"}
            </Button>
            {dirty ? <span className="text-xs text-fg-subtle">Unsaved changes</span> : null}
          </div>
        </form>
      </SettingsCard>
    </div>
  );
}
