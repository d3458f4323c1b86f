import { newPasswordProblem } from "./password";

describe("newPasswordProblem", () => {
  const ok = { current: "one-time-pw", next: "my own password", repeat: "my own password" };

  it("accepts a long enough new password typed twice", () => {
    expect(newPasswordProblem(ok)).toBeNull();
  });

  it("says what to fix", () => {
    expect(newPasswordProblem({ ...ok, current: "" })).toMatch(/current password/);
    expect(newPasswordProblem({ ...ok, next: "short", repeat: "short" })).toMatch(/at least 8/);
    expect(newPasswordProblem({ ...ok, next: ok.current, repeat: ok.current })).toMatch(/different/);
    expect(newPasswordProblem({ ...ok, repeat: "my own passwort" })).toMatch(/differ/);
  });
});
