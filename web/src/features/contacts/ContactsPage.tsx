import { Download, RefreshCw, Upload, UsersRound } from "lucide-react";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useMe } from "@/features/auth/session";
import { formatCount } from "@/lib/format";
import { useBotChoices, useContactList, useRefreshContacts } from "./api";
import { ContactFilters } from "./ContactFilters";
import { ContactPanel } from "./ContactPanel";
import { ContactsTable } from "./ContactsTable";
import { ImportBanner } from "./import/ImportBanner";
import { ImportDialog } from "./import/ImportDialog";
import { useBusyImport } from "./import/importApi";
import { forgetImport, rememberImport, rememberedImport } from "./import/remember";
import { Pagination, SortSelect } from "./Pagination";
import { clearFilters, exportHref, hasFilters, pageCount, toggleSort, viewFromParams, viewToParams, withFilters, type ContactView } from "./query";

/** "61 contacts", or "1 contact matches" / "2 contacts match" when filtered. */
function countLine(total: number, filtered: boolean): string {
  const noun = `${formatCount(total)} ${total === 1 ? "contact" : "contacts"}`;
  return filtered ? `${noun} ${total === 1 ? "matches" : "match"}` : noun;
}

function Empty({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-16 text-center" data-testid="contacts-empty">
      <UsersRound className="size-9 text-fg-subtle" aria-hidden="true" />
      <p className="font-medium">{filtered ? "No contact matches these filters" : "No contacts yet"}</p>
      <p className="max-w-sm text-sm text-fg-muted">
        {filtered ? "Try other words or fewer filters." : "Everyone who texts one of your numbers appears here; you can also import a CSV file."}
      </p>
      {filtered ? (
        <Button variant="ghost" size="sm" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}

/** /contacts: the table with its filters, sorts and pages (all in the URL), the contact panel, export and import. */
export default function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const view = viewFromParams(params);
  const openId = params.get("contact") ?? undefined;
  const me = useMe();
  const isAdmin = me.data?.role === "admin";
  const list = useContactList(view);
  const bots = useBotChoices();
  const refresh = useRefreshContacts();
  const [importOpen, setImportOpen] = useState(false);
  const [importId, setImportId] = useState<string | null>(() => rememberedImport());
  // An import started elsewhere (another admin, another browser) shows here too.
  const busyElsewhere = useBusyImport(isAdmin && importId === null);
  const shownImport = importId ?? busyElsewhere.data ?? null;

  const go = (next: ContactView, contact = openId) => {
    const nextParams = viewToParams(next);
    if (contact) nextParams.set("contact", contact);
    setParams(nextParams, { replace: true });
  };
  const clear = () => go(clearFilters(view));

  const total = list.data?.total ?? 0;
  // A page past the end (rows deleted meanwhile) goes back to the last one.
  const pages = pageCount(total);
  const pastTheEnd = Boolean(list.data) && !list.isPlaceholderData && view.page > pages;
  useEffect(() => {
    if (!pastTheEnd) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (pages > 1) next.set("page", String(pages));
        else next.delete("page");
        return next;
      },
      { replace: true },
    );
  }, [pastTheEnd, pages, setParams]);

  return (
    <div className="mx-auto w-full max-w-[100rem] space-y-4 p-4 md:p-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Contacts</h1>
          <p className="mt-1 text-sm text-fg-muted" data-testid="contacts-total">
            {list.data ? countLine(total, hasFilters(view)) : "Everyone who has texted your numbers"}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {isAdmin ? (
            <Button variant="outline" onClick={() => setImportOpen(true)}>
              <Upload /> Import Contacts
            </Button>
          ) : null}
          <Button variant="outline" asChild>
            <a href={exportHref(view)} download>
              <Download /> Export CSV
            </a>
          </Button>
        </div>
      </div>

      {isAdmin && shownImport ? (
        <ImportBanner
          id={shownImport}
          onShow={() => {
            setImportId(shownImport);
            setImportOpen(true);
          }}
          onFinished={() => {
            // Keep its report once it is over, as for one started here.
            rememberImport(shownImport);
            setImportId(shownImport);
            refresh();
          }}
          onDismiss={() => {
            forgetImport();
            setImportId(null);
          }}
        />
      ) : null}

      <ContactFilters view={view} bots={bots} onChange={(patch) => go(withFilters(view, patch))} onClear={clear} />
      <SortSelect view={view} onSort={(sort, order) => go({ ...view, sort, order, page: 1 })} />

      <Card className="overflow-hidden">
        {list.isError && !list.data ? (
          <div className="flex flex-col items-center gap-3 px-6 py-14 text-center">
            <p className="font-medium">The contacts could not be loaded</p>
            <p className="text-sm text-fg-muted">{list.error.message}</p>
            <Button variant="secondary" onClick={() => void list.refetch()}>
              <RefreshCw /> Try again
            </Button>
          </div>
        ) : (
          <>
            <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={list.isFetching || undefined}>
              <ContactsTable
                rows={list.data?.items ?? []}
                loading={list.isPending}
                view={view}
                selectedId={openId}
                onSort={(sort) => go(toggleSort(view, sort))}
                onOpen={(id) => go(view, id)}
              />
            </div>
            {list.data && total === 0 ? <Empty filtered={hasFilters(view)} onClear={clear} /> : null}
            {list.data && total > 0 ? <Pagination page={view.page} total={total} onPage={(page) => go({ ...view, page })} /> : null}
          </>
        )}
      </Card>

      <ContactPanel id={openId} isAdmin={isAdmin} onClose={() => go(view, "")} />
      {isAdmin ? (
        <ImportDialog
          open={importOpen}
          onOpenChange={setImportOpen}
          importId={importId}
          onStarted={(id) => {
            rememberImport(id);
            setImportId(id);
          }}
          onDismissed={() => {
            forgetImport();
            setImportId(null);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}
