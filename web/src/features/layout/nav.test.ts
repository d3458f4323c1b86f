import { navItemsFor } from "./nav";

describe("navItemsFor", () => {
  it("shows admins Routing and Settings, and everyone Analytics", () => {
    expect(navItemsFor("admin").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Routing", "Bots", "Analytics", "Settings"]);
  });

  it("hides them from agents, and while the role is unknown", () => {
    expect(navItemsFor("agent").map((i) => i.label)).toEqual(["Dashboard", "Conversations", "Contacts", "Bots", "Analytics"]);
    expect(navItemsFor(undefined).map((i) => i.to)).toEqual(["/", "/conversations", "/contacts", "/bots", "/analytics"]);
  });
});
