import * as ToastPrimitive from "@radix-ui/react-toast";
import { AlertCircle, CheckCircle2, Info, X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "@/lib/utils";

export type ToastTone = "error" | "success" | "info";

export interface ToastItem {
  id: number;
  title: string;
  description?: string;
  tone: ToastTone;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

/** Shows a toast; the same text twice in a row is shown once. */
export function toast(title: string, options: { description?: string; tone?: ToastTone } = {}): void {
  const tone = options.tone ?? "info";
  if (items.some((t) => t.title === title && t.description === options.description)) return;
  const item: ToastItem = { id: nextId++, title, tone };
  if (options.description !== undefined) item.description = options.description;
  items = [...items.slice(-3), item];
  emit();
}

toast.error = (title: string, description?: string) => {
  toast(title, description === undefined ? { tone: "error" } : { tone: "error", description });
};
toast.success = (title: string) => {
  toast(title, { tone: "success" });
};

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const icons = { error: AlertCircle, success: CheckCircle2, info: Info } as const;
const toneClass = {
  error: "border-red-500/40 [&_.toast-icon]:text-red-400",
  success: "border-green-500/40 [&_.toast-icon]:text-green-400",
  info: "border-accent/40 [&_.toast-icon]:text-accent",
} as const;

export function Toaster() {
  const current = useSyncExternalStore(subscribe, () => items, () => items);
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={6000}>
      {current.map((t) => {
        const Icon = icons[t.tone];
        return (
          <ToastPrimitive.Root
            key={t.id}
            type={t.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) dismiss(t.id);
            }}
            className={cn(
              "card pointer-events-auto flex w-full items-start gap-3 bg-elevated/95 p-4 pr-10 shadow-2xl data-[state=closed]:opacity-0",
              toneClass[t.tone],
            )}
          >
            <Icon className="toast-icon mt-0.5 size-5 shrink-0" aria-hidden="true" />
            <div className="min-w-0">
              <ToastPrimitive.Title className="text-sm font-semibold text-fg">{t.title}</ToastPrimitive.Title>
              {t.description ? (
                <ToastPrimitive.Description className="mt-1 text-sm text-fg-muted">{t.description}</ToastPrimitive.Description>
              ) : null}
            </div>
            <ToastPrimitive.Close aria-label="Dismiss notification" className="absolute right-3 top-3 rounded p-1 text-fg-subtle hover:text-fg">
              <X className="size-4" />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed bottom-4 right-4 z-[100] flex w-[calc(100vw-2rem)] max-w-sm flex-col gap-2 outline-none" />
    </ToastPrimitive.Provider>
  );
}
