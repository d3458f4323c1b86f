import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Loader2, MessageSquare, Search, User } from "lucide-react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { Highlight } from "@/components/ui/highlight";
import { Popover, PopoverAnchor, PopoverContent } from "@/components/ui/popover";
import { api, unwrap } from "@/lib/api";
import { displayName, formatPhone, relativeTime } from "@/lib/format";
import { useDebounced } from "@/lib/useDebounced";
import { useMediaQuery } from "@/lib/useMediaQuery";
import { cn } from "@/lib/utils";

interface Option {
  key: string;
  contactId: string;
  kind: "contact" | "message";
  title: string;
  detail: string;
  when: string | null | undefined;
}

/** Top-bar search across contacts and message text (server-side), opening the picked conversation. */
export function GlobalSearch() {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const navigate = useNavigate();
  const query = useDebounced(text.trim(), 250);
  const enabled = query.length >= 2;
  // A phone's top bar leaves the box room for one word (the label says the rest).
  const roomy = useMediaQuery("(min-width: 480px)");

  const results = useQuery({
    queryKey: ["search", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/search", { params: { query: { q: query, limit: 8 } }, signal })),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const options: Option[] = enabled && results.data
    ? [
        ...results.data.contacts.map((c) => ({
          key: `c-${c.contactId}`,
          contactId: c.contactId,
          kind: "contact" as const,
          title: displayName(c.name, c.phone),
          detail: c.name ? formatPhone(c.phone) : c.status,
          when: c.lastMessageAt,
        })),
        ...results.data.messages.map((m) => ({
          key: `m-${m.messageId}`,
          contactId: m.contactId,
          kind: "message" as const,
          title: displayName(m.name, m.phone),
          detail: m.body,
          when: m.createdAt,
        })),
      ]
    : [];

  const pick = (option: Option | undefined) => {
    if (!option) return;
    setOpen(false);
    setText("");
    inputRef.current?.blur();
    void navigate(`/conversations/${encodeURIComponent(option.contactId)}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (options.length ? (i + step + options.length) % options.length : 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  const showPanel = open && text.trim().length >= 2;
  const activeId = options[active] ? `${listId}-${active}` : undefined;

  return (
    <Popover open={showPanel} onOpenChange={setOpen}>
      <PopoverAnchor asChild>
        <div className="relative w-full max-w-xl">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
          <input
            ref={inputRef}
            type="search"
            role="combobox"
            aria-label="Search contacts and messages"
            aria-expanded={showPanel}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showPanel ? activeId : undefined}
            placeholder={roomy ? "Search contacts and messages…" : "Search…"}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={onKeyDown}
            className="h-10 w-full rounded-lg border border-line bg-app/60 pl-9 pr-9 text-sm text-fg placeholder:text-fg-subtle focus:border-accent/60 focus:outline-none focus:ring-2 focus:ring-accent/20"
          />
          {results.isFetching && enabled ? (
            <Loader2 className="absolute right-3 top-1/2 size-4 -translate-y-1/2 animate-spin text-fg-subtle" aria-hidden="true" />
          ) : null}
        </div>
      </PopoverAnchor>
      <PopoverContent
        className="w-[var(--radix-popover-trigger-width)] min-w-72 p-1.5"
        onOpenAutoFocus={(e) => e.preventDefault()}
        onInteractOutside={(e) => {
          if (e.target instanceof Node && inputRef.current?.parentElement?.contains(e.target)) e.preventDefault();
        }}
      >
        <ul id={listId} role="listbox" aria-label="Search results" className="max-h-96 overflow-y-auto">
          {options.map((o, i) => {
            const Icon = o.kind === "contact" ? User : MessageSquare;
            return (
              <li
                key={o.key}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(o)}
                className={cn("flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2", i === active && "bg-hover")}
              >
                <Icon className="mt-0.5 size-4 shrink-0 text-accent" aria-hidden="true" />
                <div className="min-w-0 flex-1">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="truncate text-sm font-medium">
                      <Highlight text={o.title} query={query} />
                    </span>
                    {o.when ? <span className="shrink-0 text-xs text-fg-subtle">{relativeTime(o.when)}</span> : null}
                  </div>
                  <p className="truncate text-xs text-fg-muted">
                    <Highlight text={o.detail} query={query} />
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
        {enabled && results.isSuccess && options.length === 0 ? (
          <p className="px-3 py-4 text-center text-sm text-fg-muted">No contact or message matches “{query}”.</p>
        ) : null}
        {results.isError ? <p className="px-3 py-4 text-center text-sm text-red-300">{results.error.message}</p> : null}
        {!enabled || results.isPending ? (
          <p className="px-3 py-4 text-center text-sm text-fg-muted">Searching…</p>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}
