/** Query keys of the conversation caches (kept apart so the layout can use them without loading the page). */
export const conversationsRoot = ["conversations"] as const;
export const listRoot = [...conversationsRoot, "list"] as const;

export function threadKey(contactId: string) {
  return [...conversationsRoot, "thread", contactId] as const;
}
