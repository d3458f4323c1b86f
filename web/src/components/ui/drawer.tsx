import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";

interface DrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** A line under the title. */
  subtitle?: ReactNode;
  children: ReactNode;
  /** Kept in view at the bottom while the body scrolls. */
  footer?: ReactNode;
}

/** A panel sliding in from the right over the page: the whole screen on phones, 36 rem from tablets up. */
export function Drawer({ open, onOpenChange, title, subtitle, children, footer }: DrawerProps) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <DialogPrimitive.Content
          {...(subtitle === undefined ? { "aria-describedby": undefined } : {})}
          className="fixed inset-y-0 right-0 z-50 flex w-full flex-col border-l border-line bg-panel shadow-2xl outline-none sm:max-w-xl"
        >
          <div className="border-b border-line/60 px-5 py-4 pr-14">
            <DialogPrimitive.Title className="text-lg font-semibold text-fg">{title}</DialogPrimitive.Title>
            {subtitle !== undefined ? (
              <DialogPrimitive.Description className="mt-0.5 text-sm text-fg-muted">{subtitle}</DialogPrimitive.Description>
            ) : null}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-5">{children}</div>
          {footer ? <div className="flex flex-wrap items-center gap-2 border-t border-line/60 bg-panel px-5 py-3">{footer}</div> : null}
          <DialogPrimitive.Close asChild>
            <Button variant="ghost" size="icon" className="absolute right-2 top-3" aria-label={`Close ${title.toLowerCase()}`}>
              <X />
            </Button>
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
