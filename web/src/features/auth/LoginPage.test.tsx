import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderAt } from "@/test/render";
import { LoginPage, safeNext } from "./LoginPage";

describe("LoginPage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("shows the server's message on a wrong password, then goes where the user was headed", async () => {
    const user = userEvent.setup();
    let attempts = 0;
    vi.stubGlobal("fetch", vi.fn((request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/auth/me") return Promise.resolve(jsonResponse(401, { error: { code: "unauthorized", message: "Sign in first" } }));
      attempts += 1;
      return Promise.resolve(
        attempts === 1
          ? jsonResponse(401, { error: { code: "invalid_credentials", message: "The email or password is incorrect" } })
          : jsonResponse(200, { id: "u1", email: "a@example.com", role: "admin" }),
      );
    }));
    const onSigningIn = vi.fn();
    renderAt("/login?next=%2Fconversations", [
      { path: "/login", element: <LoginPage onSigningIn={onSigningIn} /> },
      { path: "/conversations", element: <p>conversations page</p> },
    ]);
    await user.type(screen.getByLabelText("Email"), "a@example.com");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is incorrect");

    await user.clear(screen.getByLabelText("Password"));
    await user.type(screen.getByLabelText("Password"), "right");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("conversations page")).toBeInTheDocument();
    expect(onSigningIn).toHaveBeenCalledTimes(2);
  });

  it("only follows paths of this app after login", () => {
    expect(safeNext("/conversations/c1?q=x")).toBe("/conversations/c1?q=x");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
