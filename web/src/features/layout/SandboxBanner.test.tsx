import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { aSandbox } from "@/features/simulator/fixtures";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import { SandboxBanner } from "./SandboxBanner";

const me = (role: "admin" | "agent") => ({ id: "u1", email: `${role}@example.com`, role, mustChangePassword: false });

describe("SandboxBanner", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says texts go to a simulated phone and links the simulator; an admin can leave after confirming", async () => {
    const user = userEvent.setup();
    let view = aSandbox();
    const calls = fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/sandbox": () => jsonResponse(200, view),
      "PUT /api/sandbox": () => {
        view = aSandbox({ enabled: false });
        return jsonResponse(200, view);
      },
    });
    renderAt("/", [{ path: "/", element: <SandboxBanner /> }]);
    const banner = await screen.findByRole("region", { name: "Sandbox mode" });
    expect(banner).toHaveTextContent("texts go to a simulated phone, not real customers");
    expect(within(banner).getByRole("link", { name: "Open phone simulator" })).toHaveAttribute("href", "/simulator");
    await user.click(await within(banner).findByRole("button", { name: "Leave sandbox" }));
    const dialog = await screen.findByRole("dialog", { name: "Leave sandbox mode?" });
    await user.click(within(dialog).getByRole("button", { name: "Leave sandbox" }));
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ enabled: false });
    await vi.waitFor(() => expect(screen.queryByRole("region", { name: "Sandbox mode" })).toBeNull());
  });

  it("is not shown outside sandbox mode", async () => {
    const calls = fakeApi({ "GET /api/auth/me": me("admin"), "GET /api/sandbox": aSandbox({ enabled: false }) });
    renderAt("/", [{ path: "/", element: <SandboxBanner /> }]);
    await vi.waitFor(() => expect(calls.some((c) => c.path === "/api/sandbox")).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("region", { name: "Sandbox mode" })).toBeNull();
  });

  it("gives agents no way out (admins decide)", async () => {
    fakeApi({ "GET /api/auth/me": me("agent"), "GET /api/sandbox": aSandbox() });
    renderAt("/", [{ path: "/", element: <SandboxBanner /> }]);
    const banner = await screen.findByRole("region", { name: "Sandbox mode" });
    expect(within(banner).queryByRole("button", { name: "Leave sandbox" })).toBeNull();
  });
});
