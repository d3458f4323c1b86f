import { navItemsFor } from "./nav";

describe("navItemsFor", () => {
  it("shows admins Routing and Settings", () => {
    expect(navItemsFor("admin").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Routing", "Bots", "Settings"]);
  });

  it("hides them from agents, and while the role is unknown", () => {
    expect(navItemsFor("agent").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Bots"]);
    expect(navItemsFor(undefined).map((i) => i.to)).toEqual(["/", "/conversations", "/contacts", "/bots"]);
  });

  it("lists the phone simulator for everyone while sandbox mode is on only", () => {
    expect(navItemsFor("agent", true).map((i) => i.to)).toEqual(["/", "/conversations", "/contacts", "/bots", "/simulator"]);
    expect(navItemsFor("admin", true).at(-1)?.label).toBe("Phone simulator");
    expect(navItemsFor("admin", false).map((i) => i.to)).not.toContain("/simulator");
  });
});
