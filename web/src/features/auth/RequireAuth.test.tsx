import { screen } from "@testing-library/react";
import { fakeApi } from "@/test/fakeApi";
import { renderAt } from "@/test/render";
import { RequireAuth } from "./RequireAuth";

describe("RequireAuth", () => {
  afterEach(() => vi.unstubAllGlobals());

  const guarded = (
    <RequireAuth changePassword={<p>choose a password</p>}>
      <p>the app</p>
    </RequireAuth>
  );

  it("makes a user with a password chosen for them pick their own before any page", async () => {
    fakeApi({ "GET /api/auth/me": { id: "u1", email: "a@example.com", role: "agent", mustChangePassword: true } });
    renderAt("/settings", [{ path: "/settings", element: guarded }]);
    expect(await screen.findByText("choose a password")).toBeInTheDocument();
    expect(screen.queryByText("the app")).toBeNull();
  });

  it("shows the app otherwise", async () => {
    fakeApi({ "GET /api/auth/me": { id: "u1", email: "a@example.com", role: "agent", mustChangePassword: false } });
    renderAt("/", [{ path: "/", element: guarded }]);
    expect(await screen.findByText("the app")).toBeInTheDocument();
    expect(screen.queryByText("choose a password")).toBeNull();
  });
});
