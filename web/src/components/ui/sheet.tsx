import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { Button } from "./button";

interface SheetProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The dialog's name (read out, not shown: the content carries its own heading). */
  title: string;
  children: ReactNode;
  /** Left (the sidebar on narrow screens, the default) or right (a detail panel). */
  side?: "left" | "right";
  className?: string;
}

const sides = {
  left: "inset-y-0 left-0 w-60 max-w-[85vw] border-r",
  right: "inset-y-0 right-0 w-full max-w-md border-l sm:w-[28rem]",
} as const;

/** A panel sliding in from one side, with its own close button. */
export function Sheet({ open, onOpenChange, title, children, side = "left", className }: SheetProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content aria-describedby={undefined} className={cn("fixed z-50 border-line bg-panel shadow-2xl outline-none", sides[side], className)}>
          <Dialog.Title className="sr-only">{title}</Dialog.Title>
          {children}
          <Dialog.Close asChild>
            <Button variant="ghost" size="icon" className="absolute right-2 top-3" aria-label={`Close ${title.toLowerCase()}`}>
              <X />
            </Button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
