import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { aSandbox } from "@/features/simulator/fixtures";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import { describeData, SandboxCard } from "./SandboxCard";

describe("SandboxCard", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("switches sandbox mode and sets the share of failed texts", async () => {
    const user = userEvent.setup();
    let view = aSandbox();
    const calls = fakeApi({
      "GET /api/sandbox": () => jsonResponse(200, view),
      "PUT /api/sandbox": (body) => {
        view = { ...view, ...(body as object) };
        return jsonResponse(200, view);
      },
    });
    renderAt("/settings", [{ path: "/settings", element: <SandboxCard /> }]);
    await user.selectOptions(await screen.findByLabelText("Delivery failures"), "25%");
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ failurePercent: 25 }]));
    await user.click(screen.getByRole("switch", { name: "Sandbox mode" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT").at(-1)?.body).toEqual({ enabled: false }));
  });

  it("removes sandbox data only after a confirmation that says what goes", async () => {
    const user = userEvent.setup();
    let data = { routes: 1, contacts: 2, messages: 14, jobs: 1 };
    const calls = fakeApi({
      "GET /api/sandbox": () => jsonResponse(200, aSandbox({ data })),
      "DELETE /api/sandbox/data": () => {
        const removed = data;
        data = { routes: 1, contacts: 0, messages: 0, jobs: 0 };
        return jsonResponse(200, { removed });
      },
    });
    renderAt("/settings", [{ path: "/settings", element: <SandboxCard /> }]);
    await user.click(await screen.findByRole("button", { name: "Remove sandbox data" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove sandbox data?" });
    expect(dialog).toHaveTextContent("1 route, 2 contacts, 14 messages and 1 waiting job were made in sandbox mode.");
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Remove sandbox data" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    await screen.findByText("1 route, 0 contacts, 0 messages and 0 waiting jobs were made in sandbox mode.");
  });

  it("says when nothing is left to remove", () => {
    expect(describeData({ routes: 0, contacts: 0, messages: 0, jobs: 0 })).toBe("Nothing made in sandbox mode is left.");
  });
});
