import { useMemo } from "react";
import { Select } from "@/components/ui/input";
import { timeZoneGroups, zoneLabel } from "./timezones";

/**
 * An IANA time-zone picker, grouped by region. With `emptyLabel`, a first
 * option of value "" stands for "no zone chosen" (a default applies).
 */
export function TimeZoneSelect({ id, value, onChange, describedBy, emptyLabel }: { id: string; value: string; onChange: (zone: string) => void; describedBy?: string; emptyLabel?: string }) {
  const groups = useMemo(() => timeZoneGroups(value), [value]);
  return (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} aria-invalid={describedBy ? true : undefined}>
      {emptyLabel === undefined ? null : <option value="">{emptyLabel}</option>}
      {groups.map((g) => (
        <optgroup key={g.region} label={g.region}>
          {g.zones.map((z) => (
            <option key={z} value={z}>
              {g.region === "Other" ? z : `${zoneLabel(z)} (${z})`}
            </option>
          ))}
        </optgroup>
      ))}
    </Select>
  );
}
