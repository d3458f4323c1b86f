import { ArrowDownUp, Plus, Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { SORTS, type SortKey } from "./bots";

interface Props {
  query: string;
  onQuery: (query: string) => void;
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  /** Shown to admins only. */
  onCreate: (() => void) | null;
  creating: boolean;
}

/** Search by name, sort, and "+ Create New Bot". */
export function BotsToolbar({ query, onQuery, sort, onSort, onCreate, creating }: Props) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <div className="relative min-w-0 flex-1 sm:max-w-sm">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
        <Input type="search" aria-label="Search bots" placeholder="Search bots…" className="pl-9" value={query} onChange={(e) => onQuery(e.target.value)} />
      </div>
      <div className="flex items-center gap-2 sm:flex-1">
        <div className="relative min-w-0 flex-1 sm:w-48 sm:flex-none">
          <ArrowDownUp className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
          <Select aria-label="Sort bots" className="pl-9" value={sort} onChange={(e) => onSort(e.target.value as SortKey)}>
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
        {onCreate ? (
          <Button onClick={onCreate} className="ml-auto">
            <Plus aria-hidden="true" /> {creating ? "Creating…" : "Create New Bot"}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
