/**
 * Contact statuses as the page shows them: the plan's six statuses, and the
 * mockup's hot/warm/cold, which group them (the server reads the same aliases).
 */
import { STATUS_VALUES, TEMPERATURES } from "./query";

export type Temperature = "hot" | "warm" | "cold" | "new";

export function temperatureOf(status: string): Temperature {
  if ((TEMPERATURES.hot as readonly string[]).includes(status)) return "hot";
  if ((TEMPERATURES.warm as readonly string[]).includes(status)) return "warm";
  if ((TEMPERATURES.cold as readonly string[]).includes(status)) return "cold";
  return "new";
}

export function statusLabel(status: string): string {
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : "—";
}

/** The filter's choices; each temperature's label says which statuses it means. */
export const STATUS_FILTERS: { group: string; options: { value: string; label: string }[] }[] = [
  {
    group: "Lead temperature",
    options: [
      { value: "hot", label: "Hot — qualified or booked" },
      { value: "warm", label: "Warm — active" },
      { value: "cold", label: "Cold — cold or closed" },
    ],
  },
  { group: "Status", options: STATUS_VALUES.map((s) => ({ value: s, label: statusLabel(s) })) },
];

/** The dot's colour: red for hot, orange for warm, grey for cold (plan §5D), blue for new. */
export const DOT_CLASS: Record<Temperature, string> = {
  hot: "bg-accent-red shadow-[0_0_6px_#ef4444]",
  warm: "bg-accent-orange shadow-[0_0_6px_#f97316]",
  cold: "bg-fg-subtle",
  new: "bg-accent-blue shadow-[0_0_6px_#3b82f6]",
};
