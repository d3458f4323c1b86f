/**
 * The import this browser showed last, so its report stays until it is
 * dismissed, after a reload too (imports still running are also found on
 * the server: `useBusyImport`).
 */
const KEY = "closebot-sms.contacts.import";

export function rememberedImport(): string | null {
  try {
    return globalThis.localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled
  }
}

export function rememberImport(id: string): void {
  try {
    globalThis.localStorage.setItem(KEY, id);
  } catch {
    // Without storage a reload forgets it; the import still runs.
  }
}

export function forgetImport(): void {
  try {
    globalThis.localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
