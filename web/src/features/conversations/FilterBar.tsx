import { Search, SlidersHorizontal, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import type { Route } from "@/lib/api";
import { routeLabel } from "@/lib/routes";
import { CONTACT_STATUSES } from "@/lib/status";
import { useDebounced } from "@/lib/useDebounced";
import { EMPTY_FILTERS, activeFilterCount, type Filters } from "./filters";

/** Search box and the "All Filters" panel (status, bot, date range). */
export function FilterBar({ filters, onChange, routes }: { filters: Filters; onChange: (next: Filters) => void; routes: Route[] }) {
  const [text, setText] = useState(filters.search);
  const debounced = useDebounced(text, 300);
  const count = activeFilterCount(filters);

  useEffect(() => {
    if (debounced.trim() !== filters.search) onChange({ ...filters, search: debounced.trim() });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this
  }, [debounced]);

  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });

  return (
    <div className="flex items-center gap-2 border-b border-line/60 p-3">
      <div className="relative flex-1">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
        <Input type="search" aria-label="Search conversations" placeholder="Search name, phone or text…" className="pl-9" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <Popover>
        <PopoverTrigger asChild>
          <Button variant="secondary" size="icon" aria-label={count ? `All filters (${count} active)` : "All filters"} className="relative">
            <SlidersHorizontal />
            {count ? (
              <span className="absolute -right-1 -top-1 flex size-4 items-center justify-center rounded-full bg-accent text-[10px] font-bold text-app">{count}</span>
            ) : null}
          </Button>
        </PopoverTrigger>
        <PopoverContent align="end" className="w-72 space-y-4" aria-label="Conversation filters">
          <div className="space-y-1.5">
            <Label htmlFor="filter-status">Status</Label>
            <Select id="filter-status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">Any status</option>
              {CONTACT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.charAt(0).toUpperCase() + s.slice(1)}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="filter-bot">Bot</Label>
            <Select id="filter-bot" value={filters.bot} onChange={(e) => set({ bot: e.target.value })}>
              <option value="">Any bot</option>
              {routes.map((r) => (
                <option key={r.id} value={r.id}>
                  {routeLabel(r)}
                </option>
              ))}
            </Select>
          </div>
          <fieldset className="grid grid-cols-2 gap-2">
            <legend className="mb-1.5 text-xs font-medium text-fg-muted">Last message between</legend>
            <Input type="date" aria-label="From date" value={filters.from} max={filters.to || undefined} onChange={(e) => set({ from: e.target.value })} />
            <Input type="date" aria-label="To date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} />
          </fieldset>
          <Button variant="ghost" size="sm" className="w-full" disabled={count === 0} onClick={() => onChange({ ...EMPTY_FILTERS, search: filters.search })}>
            <X /> Clear filters
          </Button>
        </PopoverContent>
      </Popover>
    </div>
  );
}
