import { useMemo } from "react";
import { Select } from "@/components/ui/input";
import { timeZoneGroups, zoneLabel } from "./timezones";

/** An IANA time-zone picker, grouped by region. */
export function TimeZoneSelect({ id, value, onChange, describedBy }: { id: string; value: string; onChange: (zone: string) => void; describedBy?: string }) {
  const groups = useMemo(() => timeZoneGroups(value), [value]);
  return (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} aria-invalid={describedBy ? true : undefined}>
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
