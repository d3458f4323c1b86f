/** The Bots page's server state: the list with figures, a bot's active switch, a bot made by CloseBot's AI. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { api, unwrap, type Schemas } from "@/lib/api";
import { countOf } from "@/lib/format";
import { withBotActive, type BotList } from "./bots";

export type NewBot = Schemas["NewBot"];
export type BotCreated = Schemas["BotCreated"];

export const botsKey = ["bots"] as const;

/** The bots with their figures; the 7-day series follows the business's time zone (Settings). */
export function useBots() {
  return useQuery({
    queryKey: botsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/bots", { signal })),
    staleTime: 30_000,
    // A failure is shown on the page, with a way to try again.
    meta: { silent: true },
  });
}

/** `PUT /api/bots/{id}/active`: every route of the bot on or off. */
export function useBotActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; name: string; active: boolean }) =>
      unwrap(api.PUT("/api/bots/{id}/active", { params: { path: { id } }, body: { active } })),
    onSuccess: (switched, { id, name, active }) => {
      queryClient.setQueriesData<BotList>({ queryKey: botsKey }, (list) => (list ? withBotActive(list, id, active) : list));
      void queryClient.invalidateQueries({ queryKey: botsKey });
      void queryClient.invalidateQueries({ queryKey: ["routes"] });
      toast.success(`${name}: ${countOf(switched.routes, "number", "numbers")} switched ${active ? "on" : "off"}`);
    },
  });
}

/** `POST /api/bots`: CloseBot's AI builds the bot (slow); errors are shown in the dialog. */
export function useCreateBot(onCreated: (bot: BotCreated) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewBot) => unwrap(api.POST("/api/bots", { body })),
    onSuccess: (bot) => {
      void queryClient.invalidateQueries({ queryKey: botsKey });
      onCreated(bot);
    },
    meta: { silent: true },
  });
}
