import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Route } from "./api";

/** The routes (Twilio number → CloseBot bot); they name the bots and feed the bot filter. */
export function useRoutes() {
  return useQuery({
    queryKey: ["routes"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/routes", { params: { query: { limit: 200 } }, signal })),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

export function routeLabel(route: Route): string {
  return route.botName ? `${route.botName} (${route.twilioNumber})` : route.twilioNumber;
}
