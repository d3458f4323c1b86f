import { Save, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Label, Textarea } from "@/components/ui/input";
import { Slider } from "@/components/ui/slider";
import { toast } from "@/components/ui/toast";
import { formatPhone } from "@/lib/format";
import { bodyOf, formOf, SLIDER_MIN, sliderMax, type ConfigForm } from "./configForm";
import { errorFor, fieldOfError, type FieldError } from "./fieldErrors";
import { FieldMessage } from "./FieldMessage";
import { HoursEditor } from "./HoursEditor";
import type { RouteItem } from "./model";
import { useUpdateRoute } from "./useRouting";

interface ConfigureDrawerProps {
  /** The route being configured; null: closed. */
  route: RouteItem | null;
  onClose: () => void;
  onSaved: (routeId: string) => void;
  onDelete: (route: RouteItem) => void;
}

export function ConfigureDrawer({ route, ...props }: ConfigureDrawerProps) {
  if (!route) return null;
  return <ConfigurePanel key={route.id} route={route} {...props} />;
}

function TextField({ id, label, hint, value, error, onChange }: { id: string; label: string; hint: string; value: string; error: string | undefined; onChange: (v: string) => void }) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Textarea
        id={id}
        rows={3}
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

function ConfigurePanel({ route, onClose, onSaved, onDelete }: ConfigureDrawerProps & { route: RouteItem }) {
  const [form, setFormState] = useState<ConfigForm>(() => formOf(route));
  const [errors, setErrors] = useState<FieldError | null>(null);
  const update = useUpdateRoute({ silent: true });
  const formRef = useRef<HTMLFormElement>(null);
  // An error may sit far down the drawer: bring it into view.
  useEffect(() => {
    if (errors) formRef.current?.querySelector('[role="alert"]')?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [errors]);
  const setForm = (next: ConfigForm) => {
    setFormState(next);
    setErrors(null);
  };
  const save = () => {
    update.mutate(
      { id: route.id, body: bodyOf(form) },
      {
        onSuccess: () => {
          toast.success(`Saved the route of ${formatPhone(route.twilioNumber)}`);
          onSaved(route.id);
        },
        onError: (error) => setErrors(fieldOfError(error)),
      },
    );
  };
  const formError = errorFor(errors, "form");
  const max = sliderMax(form.maxConcurrent);

  return (
    <Drawer
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Configure route"
      subtitle={`${formatPhone(route.twilioNumber)} → ${route.botName ?? route.closebotSourceId}`}
      footer={
        <>
          <Button variant="ghost" className="hover:text-red-400" onClick={() => onDelete(route)}>
            <Trash2 />
            Delete route
          </Button>
          <div className="ml-auto flex gap-2">
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" form="route-config" disabled={update.isPending}>
              <Save />
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </>
      }
    >
      <form
        id="route-config"
        ref={formRef}
        className="space-y-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <TextField
          id="route-greeting"
          label="Greeting message override (optional)"
          hint="Sent to a customer texting this number for the first time. Empty: no greeting."
          value={form.greeting}
          error={errorFor(errors, "greetingMessage")}
          onChange={(greeting) => setForm({ ...form, greeting })}
        />
        <TextField
          id="route-after-hours"
          label="After-hours auto-reply"
          hint="Sent once per closed period to a customer texting outside business hours; the bot answers when you open."
          value={form.afterHours}
          error={errorFor(errors, "afterHoursReply")}
          onChange={(afterHours) => setForm({ ...form, afterHours })}
        />
        <HoursEditor form={form.hours} errors={errors} onChange={(hours) => setForm({ ...form, hours })} />
        <div>
          <div className="flex items-center justify-between gap-2">
            <Label htmlFor="route-max-concurrent">Max concurrent conversations</Label>
            <output htmlFor="route-max-concurrent" className="tabular rounded-md bg-elevated px-2 py-0.5 text-sm font-semibold text-accent" data-testid="max-concurrent-value">
              {form.maxConcurrent}
            </output>
          </div>
          <Slider
            id="route-max-concurrent"
            className="mt-3"
            min={SLIDER_MIN}
            max={max}
            value={form.maxConcurrent}
            onValueChange={(maxConcurrent) => setForm({ ...form, maxConcurrent })}
            aria-describedby="route-max-concurrent-hint"
          />
          <p id="route-max-concurrent-hint" className="mt-1.5 text-xs text-fg-subtle">
            How many texts this number hands to CloseBot at the same moment; the rest wait their turn.
          </p>
          <FieldMessage id="route-max-concurrent-error" message={errorFor(errors, "maxConcurrent")} />
        </div>
        {formError ? (
          <p role="alert" className="rounded-lg border border-red-500/30 bg-red-500/10 px-3 py-2 text-sm text-red-300">
            {formError}
          </p>
        ) : null}
      </form>
    </Drawer>
  );
}
