/** IANA time zones for the picker, grouped by region ("America", "Europe"…), from the browser's own list. */

function supportedZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

export interface ZoneGroup {
  region: string;
  zones: string[];
}

/** The zones in region groups, sorted; `current` (and UTC) are always among them, even when the browser does not list them. */
export function timeZoneGroups(current: string, zones: readonly string[] = supportedZones()): ZoneGroup[] {
  const all = new Set(zones);
  all.add("UTC");
  if (current) all.add(current);
  const groups = new Map<string, string[]>();
  for (const zone of [...all].sort()) {
    const slash = zone.indexOf("/");
    const region = slash === -1 ? "Other" : zone.slice(0, slash);
    const list = groups.get(region) ?? [];
    list.push(zone);
    groups.set(region, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "Other" ? 1 : b === "Other" ? -1 : a.localeCompare(b)))
    .map(([region, list]) => ({ region, zones: list }));
}

/** "America/New_York" → "New York" (the select shows it under its region). */
export function zoneLabel(zone: string): string {
  const slash = zone.indexOf("/");
  return (slash === -1 ? zone : zone.slice(slash + 1)).replaceAll("_", " ").replaceAll("/", " / ");
}
