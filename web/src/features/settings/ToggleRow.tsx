import type { ReactNode } from "react";
import { Switch } from "@/components/ui/switch";

/** A switch with its label and a sentence saying what it does. */
export function ToggleRow({
  id,
  label,
  description,
  checked,
  onCheckedChange,
}: {
  id: string;
  label: string;
  description?: ReactNode;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <p id={`${id}-label`} className="text-sm font-medium text-fg">
          {label}
        </p>
        {description ? (
          <p id={`${id}-desc`} className="text-xs text-fg-subtle">
            {description}
          </p>
        ) : null}
      </div>
      <Switch
        id={id}
        checked={checked}
        onCheckedChange={onCheckedChange}
        aria-labelledby={`${id}-label`}
        {...(description ? { "aria-describedby": `${id}-desc` } : {})}
        className="mt-0.5"
      />
    </div>
  );
}
