import { render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderAt } from "@/test/render";
import { AddRouteDialog } from "./AddRouteDialog";
import { buildBots, buildNumbers } from "./model";
import { aBot, aNumber, aRoute } from "./testData";

const bots = buildBots([aBot("bot_roof", "Roofing bot"), aBot("bot_hvac", "HVAC bot")], []);

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** Answers each POST path with the next of its answers; records every call. */
function stub(answers: Record<string, Response[]>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body: unknown = request.method === "POST" ? await request.json() : null;
      calls.push({ method: request.method, path, body });
      if (request.method === "GET") return jsonResponse(200, { items: [], error: null });
      return answers[path]?.shift() ?? jsonResponse(500, {});
    }),
  );
  return calls;
}

const posts = (calls: Call[], path: string) => calls.filter((c) => c.method === "POST" && c.path === path);

describe("AddRouteDialog", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("creates a CloseBot source named after the number, then the route with its id", async () => {
    const user = userEvent.setup();
    const calls = stub({
      "/api/closebot/sources": [jsonResponse(201, { sourceId: "src_new", name: "SMS +1 (555) 000-0007", attached: true, attachError: null })],
      "/api/routes": [jsonResponse(201, aRoute({ id: "r9", twilioNumber: "+15550000007" }))],
    });
    const onAdded = vi.fn();
    renderAt("/routing", [{ path: "/routing", element: <AddRouteDialog numbers={[]} bots={bots} initial={{}} onClose={vi.fn()} onAdded={onAdded} /> }]);
    const dialog = await screen.findByRole("dialog", { name: "Add a new route" });
    await user.type(within(dialog).getByLabelText("Twilio number"), "+1 (555) 000-0007");
    await user.selectOptions(within(dialog).getByLabelText("CloseBot bot"), "HVAC bot");
    expect(within(dialog).getByLabelText("Source name")).toHaveValue("SMS +1 (555) 000-0007");
    await user.click(within(dialog).getByRole("button", { name: "Add route" }));

    await waitFor(() => expect(onAdded).toHaveBeenCalledWith("r9"));
    expect(posts(calls, "/api/closebot/sources").map((c) => c.body)).toEqual([{ name: "SMS +1 (555) 000-0007", botId: "bot_hvac" }]);
    expect(posts(calls, "/api/routes").map((c) => c.body)).toEqual([
      { twilioNumber: "+15550000007", twilioNumberSid: null, closebotSourceId: "src_new", closebotBotId: "bot_hvac", botName: "HVAC bot" },
    ]);
  });

  it("says in words why CloseBot refused the source, and creates no route", async () => {
    const user = userEvent.setup();
    const calls = stub({
      "/api/closebot/sources": [jsonResponse(502, { error: { code: "closebot_refused", message: "CloseBot is unreachable (connection refused)" } })],
    });
    const onAdded = vi.fn();
    renderAt("/routing", [{ path: "/routing", element: <AddRouteDialog numbers={[]} bots={bots} initial={{}} onClose={vi.fn()} onAdded={onAdded} /> }]);
    const dialog = await screen.findByRole("dialog", { name: "Add a new route" });
    await user.type(within(dialog).getByLabelText("Twilio number"), "+15550000007");
    await user.click(within(dialog).getByRole("button", { name: "Add route" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "CloseBot could not create the source: CloseBot is unreachable (connection refused). The route can still be saved with a source ID typed in.",
    );
    expect(posts(calls, "/api/routes")).toEqual([]);
    expect(onAdded).not.toHaveBeenCalled();
  });

  it("reuses the source it made when the route's save is retried, and shows a taken number beside the number", async () => {
    const user = userEvent.setup();
    const calls = stub({
      "/api/closebot/sources": [jsonResponse(201, { sourceId: "src_once", name: "SMS +1 (555) 000-0007", attached: true, attachError: null })],
      "/api/routes": [
        jsonResponse(409, { error: { code: "number_already_routed", message: "Another route already uses this Twilio number" } }),
        jsonResponse(201, aRoute({ id: "r10", twilioNumber: "+15550000007" })),
      ],
    });
    const onAdded = vi.fn();
    renderAt("/routing", [{ path: "/routing", element: <AddRouteDialog numbers={[]} bots={bots} initial={{}} onClose={vi.fn()} onAdded={onAdded} /> }]);
    const dialog = await screen.findByRole("dialog", { name: "Add a new route" });
    await user.type(within(dialog).getByLabelText("Twilio number"), "+15550000007");
    await user.click(within(dialog).getByRole("button", { name: "Add route" }));
    const taken = await within(dialog).findByRole("alert");
    expect(taken).toHaveAttribute("id", "add-number-error");
    expect(taken).toHaveTextContent("Another route already uses this Twilio number");

    await user.click(within(dialog).getByRole("button", { name: "Add route" }));
    await waitFor(() => expect(onAdded).toHaveBeenCalledWith("r10"));
    expect(posts(calls, "/api/closebot/sources")).toHaveLength(1);
    expect(posts(calls, "/api/routes").map((c) => (c.body as { closebotSourceId: string }).closebotSourceId)).toEqual(["src_once", "src_once"]);
  });

  it("saves a route with a typed source id without asking CloseBot (works with CloseBot down)", async () => {
    const user = userEvent.setup();
    const calls = stub({ "/api/routes": [jsonResponse(201, aRoute({ id: "r11", twilioNumber: "+15550000008" }))] });
    const onAdded = vi.fn();
    renderAt("/routing", [{ path: "/routing", element: <AddRouteDialog numbers={[]} bots={[]} initial={{}} onClose={vi.fn()} onAdded={onAdded} /> }]);
    const dialog = await screen.findByRole("dialog", { name: "Add a new route" });
    await user.type(within(dialog).getByLabelText("Twilio number"), "+15550000008");
    await user.type(within(dialog).getByLabelText("Bot name"), "Sales bot");
    await user.click(within(dialog).getByRole("radio", { name: "Type a source ID" }));
    await user.type(within(dialog).getByLabelText("Source ID"), "src_typed");
    await user.click(within(dialog).getByRole("button", { name: "Add route" }));
    await waitFor(() => expect(onAdded).toHaveBeenCalledWith("r11"));
    expect(posts(calls, "/api/closebot/sources")).toEqual([]);
    expect(posts(calls, "/api/routes")[0]?.body).toEqual({
      twilioNumber: "+15550000008",
      twilioNumberSid: null,
      closebotSourceId: "src_typed",
      closebotBotId: null,
      botName: "Sales bot",
    });
  });

  it("picks the first bot and the first free number once their lists arrive, until the user picks", async () => {
    const user = userEvent.setup();
    stub({});
    const client = new QueryClient();
    const dialog = (props: { bots: typeof bots; numbers: Parameters<typeof AddRouteDialog>[0]["numbers"] }) => (
      <QueryClientProvider client={client}>
        <AddRouteDialog {...props} initial={{}} onClose={vi.fn()} onAdded={vi.fn()} />
      </QueryClientProvider>
    );
    const { rerender } = render(dialog({ bots: [], numbers: [] }));
    expect(await screen.findByLabelText("CloseBot bot")).toHaveValue("__other__");
    const free = buildNumbers([aNumber("+15005550020")], []);
    rerender(dialog({ bots, numbers: free }));
    expect(screen.getByLabelText("CloseBot bot")).toHaveValue("bot_roof");
    expect(screen.getByLabelText("Twilio number")).toHaveValue("+15005550020");
    await user.selectOptions(screen.getByLabelText("CloseBot bot"), "HVAC bot");
    rerender(dialog({ bots: [...bots].reverse(), numbers: free }));
    expect(screen.getByLabelText("CloseBot bot")).toHaveValue("bot_hvac");
  });
});
