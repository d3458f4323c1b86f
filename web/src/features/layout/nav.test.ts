import { navItemsFor } from "./nav";

describe("navItemsFor", () => {
  it("shows admins Routing and Settings, and everyone Analytics", () => {
    expect(navItemsFor("admin").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Routing", "Bots", "Analytics", "Settings"]);
  });

  it("hides them from agents, and while the role is unknown", () => {
    expect(navItemsFor("agent").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Bots", "Analytics"]);
    expect(navItemsFor(undefined).map((i) => i.to)).toEqual(["/", "/conversations", "/contacts", "/bots", "/analytics"]);
  });

  it("lists the phone simulator for everyone while sandbox mode is on only", () => {
    expect(navItemsFor("agent", true).map((i) => i.to)).toEqual(["/", "/conversations", "/contacts", "/bots", "/analytics", "/simulator"]);
    expect(navItemsFor("admin", true).at(-1)?.label).toBe("Phone simulator");
    expect(navItemsFor("admin", false).map((i) => i.to)).not.toContain("/simulator");
  });
});
