import { Search, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useDebounced } from "@/lib/useDebounced";
import type { BotChoice } from "./api";
import { hasFilters, type ContactView } from "./query";
import { STATUS_FILTERS } from "./statuses";

type FilterPatch = Partial<Pick<ContactView, "search" | "status" | "bot" | "from" | "to">>;

interface Props {
  view: ContactView;
  bots: BotChoice[];
  onChange: (patch: FilterPatch) => void;
  onClear: () => void;
}

/** Search (name, phone digits in any format, email), status, bot and last-contact dates. */
export function ContactFilters({ view, bots, onChange, onClear }: Props) {
  const [text, setText] = useState(view.search);
  const debounced = useDebounced(text, 300);

  useEffect(() => {
    if (debounced.trim() !== view.search) onChange({ search: debounced.trim() });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this
  }, [debounced]);

  // A search changed elsewhere (Clear filters, the Back button): the box follows it.
  const [seen, setSeen] = useState(view.search);
  if (view.search !== seen) {
    setSeen(view.search);
    if (view.search !== debounced.trim()) setText(view.search);
  }

  // A bot id in the URL that is not among the choices (yet) is still shown.
  const botChoices = view.bot && !bots.some((b) => b.value === view.bot) ? [...bots, { value: view.bot, label: view.bot }] : bots;

  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:flex xl:flex-wrap xl:items-center" role="search" aria-label="Contact filters">
      <div className="relative col-span-2 sm:col-span-4 xl:w-80">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
        <Input type="search" aria-label="Search contacts" placeholder="Name, phone or email…" className="pl-9" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <Select aria-label="Filter by status" className="sm:col-span-2 xl:w-56" value={view.status} onChange={(e) => onChange({ status: e.target.value })}>
        <option value="">Any status</option>
        {STATUS_FILTERS.map((group) => (
          <optgroup key={group.group} label={group.group}>
            {group.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
      <Select aria-label="Filter by bot" className="sm:col-span-2 xl:w-48" value={view.bot} onChange={(e) => onChange({ bot: e.target.value })}>
        <option value="">Any bot</option>
        {botChoices.map((b) => (
          <option key={b.value} value={b.value}>
            {b.label}
          </option>
        ))}
      </Select>
      <fieldset className="col-span-2 grid grid-cols-[auto_1fr_auto_1fr] items-center gap-2 sm:col-span-3 xl:flex">
        <legend className="sr-only">Last contact between</legend>
        <span className="text-xs text-fg-subtle">From</span>
        <Input type="date" aria-label="Last contact from" className="min-w-0 xl:w-40" value={view.from} max={view.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
        <span className="text-xs text-fg-subtle">to</span>
        <Input type="date" aria-label="Last contact to" className="min-w-0 xl:w-40" value={view.to} min={view.from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
      </fieldset>
      {hasFilters(view) ? (
        <Button
          variant="ghost"
          size="sm"
          className="col-span-2 h-10 sm:col-span-1"
          onClick={onClear}
        >
          <X /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}
