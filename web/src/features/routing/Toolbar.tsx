import { Filter, Search } from "lucide-react";
import { Input, Select } from "@/components/ui/input";
import { SHOW_LABELS, type ShowFilter } from "./search";

/** The search box over both columns and the filter by route state. */
export function Toolbar({ query, onQuery, show, onShow }: { query: string; onQuery: (q: string) => void; show: ShowFilter; onShow: (s: ShowFilter) => void }) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      <div className="relative min-w-0 flex-1">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
        <Input
          type="search"
          aria-label="Search numbers and bots"
          placeholder="Search numbers, bots, sources"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          className="pl-9"
        />
      </div>
      <div className="relative sm:w-52">
        <Filter className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
        <Select aria-label="Show" value={show} onChange={(e) => onShow(e.target.value as ShowFilter)} className="pl-9">
          {(Object.keys(SHOW_LABELS) as ShowFilter[]).map((s) => (
            <option key={s} value={s}>
              {SHOW_LABELS[s]}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
