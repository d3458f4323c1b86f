import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import type { BotList } from "./bots";
import BotsPage from "./BotsPage";
import { bot } from "./fixtures";
import { draftProblem } from "./draft";

const ADMIN = { id: "u1", email: "admin@example.com", role: "admin", mustChangePassword: false };
const DESCRIPTION = "Books roof inspections for homeowners in Austin; friendly and short.";

function renderPage() {
  return renderAt("/bots", [{ path: "/bots", element: <BotsPage /> }]);
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Create New Bot" }));
  return screen.findByRole("dialog", { name: "Create a bot with AI" });
}

describe("draftProblem", () => {
  it("asks for a name and 10 to 4,000 characters of description, counted as the server counts", () => {
    expect(draftProblem({ name: " ", description: DESCRIPTION })).toBe("Give the bot a name.");
    expect(draftProblem({ name: "x".repeat(121), description: DESCRIPTION })).toMatch(/at most 120/);
    expect(draftProblem({ name: "Roofing", description: "too short" })).toMatch(/at least 10 characters/);
    expect(draftProblem({ name: "Roofing", description: "🏠".repeat(10) })).toBeNull();
    expect(draftProblem({ name: "Roofing", description: "x".repeat(4001) })).toMatch(/at most 4,000/);
    expect(draftProblem({ name: "Roofing", description: DESCRIPTION })).toBeNull();
  });
});

describe("CreateBotDialog", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("creates one bot however often it is clicked, shows progress, then the new bot with the Routing hint", async () => {
    const user = userEvent.setup();
    let finish: (r: Response) => void = () => undefined;
    let list: BotList = { items: [bot({ id: "bot_old", name: "Old bot" })], error: null };
    const calls = fakeApi({
      "GET /api/auth/me": ADMIN,
      "GET /api/bots": () => jsonResponse(200, list),
      "POST /api/bots": () => new Promise<Response>((resolve) => (finish = resolve)),
    });
    renderPage();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Name"), "Roofing quotes");
    await user.type(within(dialog).getByLabelText("Description"), DESCRIPTION);
    const submit = within(dialog).getByRole("button", { name: "Create bot" });
    await user.dblClick(submit);
    await user.click(submit);
    expect(await within(dialog).findByTestId("create-progress")).toHaveTextContent("CloseBot's AI is building the bot");
    expect(within(dialog).getByRole("button", { name: "Creating…" })).toBeDisabled();
    expect(within(dialog).getByLabelText("Description")).toBeDisabled();
    const posts = () => calls.filter((c) => c.method === "POST");
    expect(posts()).toEqual([{ method: "POST", path: "/api/bots", body: { name: "Roofing quotes", description: DESCRIPTION } }]);

    list = { items: [...list.items, bot({ id: "bot_new", name: "Roofing quotes" })], error: null };
    finish(jsonResponse(201, { id: "bot_new", name: "Roofing quotes" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const note = await screen.findByTestId("bot-created");
    expect(note).toHaveTextContent("Roofing quotes is ready. Route a Twilio number to it on the Routing page");
    expect(within(note).getByRole("link", { name: "Routing page" })).toHaveAttribute("href", "/routing");
    expect(await screen.findByRole("article", { name: "Roofing quotes" })).toBeInTheDocument();
    expect(posts()).toHaveLength(1);
  });

  it("checks the draft before asking CloseBot", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({ "GET /api/auth/me": ADMIN, "GET /api/bots": { items: [], error: null } });
    renderPage();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Name"), "Roofing");
    await user.type(within(dialog).getByLabelText("Description"), "short");
    await user.click(within(dialog).getByRole("button", { name: "Create bot" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Describe the bot in at least 10 characters");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("keeps the dialog open with CloseBot's refusal in words, and lets it be tried again", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({
      "GET /api/auth/me": ADMIN,
      "GET /api/bots": { items: [], error: null },
      "POST /api/bots": () => jsonResponse(502, { error: { code: "closebot_refused", message: "CloseBot refused: the description is not allowed (HTTP 400)" } }),
    });
    renderPage();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Name"), "Roofing");
    await user.type(within(dialog).getByLabelText("Description"), DESCRIPTION);
    await user.click(within(dialog).getByRole("button", { name: "Create bot" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("CloseBot refused: the description is not allowed (HTTP 400)");
    expect(within(dialog).getByLabelText("Name")).toHaveValue("Roofing");
    await user.click(within(dialog).getByRole("button", { name: "Create bot" }));
    await vi.waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(2));
    expect(screen.queryByTestId("bot-created")).toBeNull();
  });
});
