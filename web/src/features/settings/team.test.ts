import type { UserView } from "./api";
import { chosenPassword, isLastAdmin, removalBlocked, sortTeam } from "./team";

const user = (id: string, role: UserView["role"], email = `${id}@example.com`): UserView => ({
  id,
  email,
  role,
  mustChangePassword: false,
  createdAt: "2026-01-01T00:00:00Z",
  lastLoginAt: null,
});

describe("team rules", () => {
  const solo = [user("a", "admin"), user("b", "agent")];
  const pair = [user("a", "admin"), user("c", "admin"), user("b", "agent")];

  it("knows the last admin", () => {
    expect(isLastAdmin(solo, solo[0]!)).toBe(true);
    expect(isLastAdmin(pair, pair[0]!)).toBe(false);
    expect(isLastAdmin(solo, solo[1]!)).toBe(false);
  });

  it("says why someone cannot be removed", () => {
    expect(removalBlocked(pair, pair[0]!, "a")).toMatch(/yourself/);
    expect(removalBlocked(solo, solo[0]!, "z")).toMatch(/last admin/);
    expect(removalBlocked(pair, pair[1]!, "a")).toBeNull();
    expect(removalBlocked(solo, solo[1]!, "a")).toBeNull();
  });

  it("leaves the password to the server unless one is typed, and checks its length", () => {
    expect(chosenPassword({ mode: "generate", password: "ignored" })).toEqual({});
    expect(chosenPassword({ mode: "type", password: "short" }).error).toMatch(/at least 8/);
    expect(chosenPassword({ mode: "type", password: "long enough" })).toEqual({ password: "long enough" });
  });

  it("lists admins first, then by email", () => {
    const sorted = sortTeam([user("z", "agent", "a@x.com"), user("y", "admin", "m@x.com"), user("x", "admin", "b@x.com")]);
    expect(sorted.map((u) => u.email)).toEqual(["b@x.com", "m@x.com", "a@x.com"]);
  });
});
