/** CSV imports (admins): upload, preview, start, follow, stop. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type ImportView = Schemas["ImportView"];
export type ImportOptions = Schemas["ImportOptions"];
export type PreviewRow = Schemas["PreviewRow"];
export type FirstMessage = Schemas["FirstMessage"];

/** The server takes files up to this size. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const importKey = (id: string) => ["contacts", "import", id] as const;

/** States after which nothing more happens (but first messages may still be waiting their turn). */
export const FINAL_STATES = ["done", "stopped", "failed"] as const;

export function isFinal(view: Pick<ImportView, "state">): boolean {
  return (FINAL_STATES as readonly string[]).includes(view.state);
}

/** Still moving: rows being read, or first messages waiting to go out. */
export function isBusy(view: Pick<ImportView, "state" | "messagesPending">): boolean {
  return view.state === "running" || (view.state === "done" && view.messagesPending > 0);
}

/**
 * The newest import still busy, started from any browser by any admin (so
 * a second admin, or another device, sees it too); polled while none is shown.
 */
export function useBusyImport(enabled: boolean) {
  return useQuery({
    queryKey: ["contacts", "imports"],
    queryFn: async ({ signal }) => {
      const list = await unwrap(api.GET("/api/contacts/import", { signal }));
      return list.items.find(isBusy)?.id ?? null;
    },
    enabled,
    refetchInterval: enabled ? 15_000 : false,
    meta: { silent: true },
  });
}

/** `POST /api/contacts/import`: the file itself is the body (not read into memory as text). */
export function useUpload() {
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/contacts/import", {
          params: { query: { fileName: file.name } },
          // The typed body is the CSV text; the serializer hands fetch the file as it is.
          body: "",
          bodySerializer: () => file,
          headers: { "Content-Type": "text/csv" },
        }),
      ),
    meta: { silent: true },
  });
}

export function usePreview(id: string) {
  return useMutation({
    mutationFn: (options: ImportOptions) => unwrap(api.POST("/api/contacts/import/{id}/preview", { params: { path: { id } }, body: options })),
    meta: { silent: true },
  });
}

export function useStart(id: string) {
  return useMutation({
    mutationFn: (options: ImportOptions) => unwrap(api.POST("/api/contacts/import/{id}/start", { params: { path: { id } }, body: options })),
    meta: { silent: true },
  });
}

export function useStop(id: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/contacts/import/{id}/stop", { params: { path: { id } } })),
  });
}

/** The import's progress, read every second while it is busy. */
export function useImportStatus(id: string | null) {
  return useQuery({
    queryKey: importKey(id ?? ""),
    queryFn: ({ signal }) => unwrap(api.GET("/api/contacts/import/{id}", { params: { path: { id: id ?? "" } }, signal })),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const view = query.state.data;
      return query.state.status === "error" || (view && !isBusy(view)) ? false : 1000;
    },
    staleTime: 0,
    meta: { silent: true },
  });
}

export function rejectedHref(id: string): string {
  return `/api/contacts/import/${encodeURIComponent(id)}/rejected.csv`;
}
