import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { formatCount } from "@/lib/format";
import { PAGE_SIZE, SORTS, defaultOrder, pageCount, type ContactView, type Order, type SortKey } from "./query";

/** "51–100 of 1,234" with previous/next; the server pages. */
export function Pagination({ page, total, onPage }: { page: number; total: number; onPage: (page: number) => void }) {
  const pages = pageCount(total);
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-line/60 px-4 py-3 text-sm text-fg-muted sm:px-5">
      <span data-testid="range" className="tabular">
        {total === 0 ? "No contacts" : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </span>
      <span className="flex items-center gap-2">
        <span className="tabular text-xs text-fg-subtle">
          Page {formatCount(Math.min(page, pages))} of {formatCount(pages)}
        </span>
        <Button variant="secondary" size="icon-sm" aria-label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <ChevronLeft />
        </Button>
        <Button variant="secondary" size="icon-sm" aria-label="Next page" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          <ChevronRight />
        </Button>
      </span>
    </nav>
  );
}

const SORT_LABELS: Record<SortKey, string> = {
  name: "Name",
  phone: "Phone",
  bot: "Assigned bot",
  status: "Status",
  messages: "Messages",
  lastContact: "Last contact",
};

const ORDER_WORDS = (sort: SortKey, order: Order) => {
  const numeric = sort === "messages" || sort === "lastContact";
  if (sort === "lastContact") return order === "desc" ? "newest first" : "oldest first";
  if (numeric) return order === "desc" ? "most first" : "fewest first";
  return order === "asc" ? "A → Z" : "Z → A";
};

/** On phones (no column headers): the sort as one choice. */
export function SortSelect({ view, onSort }: { view: ContactView; onSort: (sort: SortKey, order: Order) => void }) {
  const value = `${view.sort}:${view.order}`;
  return (
    <Select
      aria-label="Sort contacts"
      className="md:hidden"
      value={value}
      onChange={(e) => {
        const [sort, order] = e.target.value.split(":") as [SortKey, Order];
        onSort(sort, order);
      }}
    >
      {SORTS.flatMap((sort) => {
        const first = defaultOrder(sort);
        const second: Order = first === "asc" ? "desc" : "asc";
        return [first, second].map((order) => (
          <option key={`${sort}:${order}`} value={`${sort}:${order}`}>
            {SORT_LABELS[sort]}, {ORDER_WORDS(sort, order)}
          </option>
        ));
      })}
    </Select>
  );
}
