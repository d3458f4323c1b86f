import { screen } from "@testing-library/react";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import SettingsPage from "./SettingsPage";

const me = (role: "admin" | "agent") => ({ id: "u1", email: `${role}@example.com`, role, mustChangePassword: false });

describe("SettingsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("tells an agent it is for admins only, without asking for the settings", async () => {
    const calls = fakeApi({ "GET /api/auth/me": me("agent") });
    renderAt("/settings", [{ path: "/settings", element: <SettingsPage /> }]);
    expect(await screen.findByRole("heading", { name: "Settings is for admins only" })).toBeInTheDocument();
    expect(calls.map((c) => c.path)).toEqual(["/api/auth/me"]);
  });

  it("says admins only when the server refuses (the role changed meanwhile)", async () => {
    fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/settings": () => jsonResponse(403, { error: { code: "forbidden", message: "Admins only" } }),
    });
    renderAt("/settings", [{ path: "/settings", element: <SettingsPage /> }]);
    expect(await screen.findByRole("heading", { name: "Settings is for admins only" })).toBeInTheDocument();
  });
});
