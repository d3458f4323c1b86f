import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import { AddUserDialog } from "./AddUserDialog";

const created = {
  user: { id: "u2", email: "sam@example.com", role: "agent", mustChangePassword: true, createdAt: "2026-01-01T00:00:00Z", lastLoginAt: null },
  oneTimePassword: "Xk3mP9qRt2vWz8nB4cDe",
};

describe("AddUserDialog", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("adds an agent and shows the one-time password once, with a copy button", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({ "POST /api/users": () => jsonResponse(201, created), "GET /api/users": [] });
    const onOpenChange = vi.fn();
    renderAt("/", [{ path: "/", element: <AddUserDialog open onOpenChange={onOpenChange} /> }]);
    await user.type(screen.getByLabelText("Email"), " sam@example.com ");
    await user.click(screen.getByRole("button", { name: "Add person" }));
    expect(await screen.findByTestId("one-time-password")).toHaveTextContent(created.oneTimePassword);
    expect(screen.getByRole("button", { name: "Copy the one-time password" })).toBeInTheDocument();
    expect(calls[0]).toEqual({ method: "POST", path: "/api/users", body: { email: "sam@example.com", role: "agent" } });
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it("sends a typed password, refusing a short one first, and shows a conflict in words", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({
      "POST /api/users": () => jsonResponse(409, { error: { code: "user_exists", message: "sam@example.com already has an account" } }),
    });
    renderAt("/", [{ path: "/", element: <AddUserDialog open onOpenChange={() => undefined} /> }]);
    await user.type(screen.getByLabelText("Email"), "sam@example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "admin");
    await user.click(screen.getByLabelText(/Type one/));
    await user.type(screen.getByLabelText("Password to give them"), "short");
    await user.click(screen.getByRole("button", { name: "Add person" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("at least 8");
    expect(calls).toHaveLength(0);

    await user.type(screen.getByLabelText("Password to give them"), " but longer");
    await user.click(screen.getByRole("button", { name: "Add person" }));
    expect(await screen.findByText("sam@example.com already has an account")).toBeInTheDocument();
    expect(calls[0]?.body).toEqual({ email: "sam@example.com", role: "admin", password: "short but longer" });
  });
});
