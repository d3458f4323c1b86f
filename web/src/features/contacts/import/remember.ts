/**
 * The import this browser started last, so its progress (or report) is
 * shown again after a reload: the server has no list of imports to ask.
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
