import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import { ChangePasswordForm } from "./ChangePasswordForm";

describe("ChangePasswordForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  async function fill(current: string, next: string, repeat = next) {
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Current password"), current);
    await user.type(screen.getByLabelText("New password"), next);
    await user.type(screen.getByLabelText("New password again"), repeat);
    await user.click(screen.getByRole("button", { name: "Set new password" }));
  }

  it("sends the current and the new password, and is done", async () => {
    const calls = fakeApi({ "POST /api/auth/password": () => jsonResponse(204, null) });
    const onDone = vi.fn();
    renderAt("/", [{ path: "/", element: <ChangePasswordForm onDone={onDone} /> }]);
    await fill("Xk3mP9qRt2vWz8nB4cDe", "my own password");
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls).toEqual([{ method: "POST", path: "/api/auth/password", body: { currentPassword: "Xk3mP9qRt2vWz8nB4cDe", newPassword: "my own password" } }]);
  });

  it("shows a wrong current password in words, and checks the new one before sending", async () => {
    const calls = fakeApi({
      "POST /api/auth/password": () => jsonResponse(401, { error: { code: "invalid_credentials", message: "The current password is incorrect" } }),
    });
    renderAt("/", [{ path: "/", element: <ChangePasswordForm /> }]);
    await fill("wrong", "short");
    expect(await screen.findByRole("alert")).toHaveTextContent("at least 8");
    expect(calls).toHaveLength(0);

    await userEvent.setup().type(screen.getByLabelText("New password"), " but long");
    await userEvent.setup().type(screen.getByLabelText("New password again"), " but long");
    await userEvent.setup().click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByText("The current password is incorrect")).toBeInTheDocument();
    expect(calls).toHaveLength(1);
  });
});
