/**
 * Copies text with the Clipboard API. It exists only in secure contexts
 * (https, localhost); elsewhere — a self-hosted app on plain http — the caller
 * selects the text for the user to copy by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  // The API is absent outside secure contexts (the DOM types say otherwise).
  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (!clipboard) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
