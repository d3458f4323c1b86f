import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { formatPhone } from "@/lib/format";
import type { RouteItem } from "./model";
import { useDeleteRoute } from "./useRouting";

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** Asks before deleting a route, saying what is kept. */
export function DeleteRouteDialog({ route, onClose, onDeleted }: { route: RouteItem | null; onClose: () => void; onDeleted: (route: RouteItem) => void }) {
  const remove = useDeleteRoute();
  if (!route) return null;
  const phone = formatPhone(route.twilioNumber);
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Delete the route of ${phone}?`}
      description={`Texts to ${phone} will no longer reach ${route.botName ?? "its bot"}.`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(route.id, {
                onSuccess: () => {
                  toast.success(`Deleted the route of ${phone}`);
                  onDeleted(route);
                },
              })
            }
          >
            <Trash2 />
            {remove.isPending ? "Deleting…" : "Delete route"}
          </Button>
        </>
      }
    >
      <p className="text-sm text-fg-muted">
        Its {plural(route.conversationCount, "conversation")} and {plural(route.messageCount, "message")} are kept: they stay in Conversations, marked
        “Route deleted”. New texts to the number are stored but not forwarded, and you can route the number again at any time.
      </p>
    </Dialog>
  );
}
