import type { NumberView } from "./api";
import { connectConfirmation, hookup, withNumber, withRouteActive } from "./numbers";

const INBOUND = "https://sms.example.com/api/webhooks/twilio/inbound";
const number: NumberView = {
  sid: "PN0123456789abcdef0123456789abcdef",
  phoneNumber: "+15005550006",
  friendlyName: "Main line",
  smsUrl: "https://demo.twilio.com/welcome/sms/reply",
  pointsHere: false,
  route: { id: "r1", botName: "Sales bot", active: true },
};

describe("hookup", () => {
  it("tells here, elsewhere and nowhere apart", () => {
    expect(hookup({ ...number, pointsHere: true, smsUrl: INBOUND })).toBe("here");
    expect(hookup(number)).toBe("elsewhere");
    expect(hookup({ ...number, smsUrl: null })).toBe("none");
    expect(hookup({ ...number, smsUrl: "  " })).toBe("none");
  });
});

describe("connectConfirmation", () => {
  it("names the URL it replaces and the one it sets", () => {
    const { title, description } = connectConfirmation(number, INBOUND);
    expect(title).toBe("Connect +1 (500) 555-0006 to this app?");
    expect(description).toContain(`to ${INBOUND} instead of https://demo.twilio.com/welcome/sms/reply`);
  });

  it("says when there is nothing to replace", () => {
    const { description } = connectConfirmation({ ...number, smsUrl: null }, INBOUND);
    expect(description).toContain(INBOUND);
    expect(description).not.toContain("instead of");
    expect(description).toMatch(/no "A message comes in" URL/);
  });
});

describe("list updates", () => {
  const list = { items: [number, { ...number, sid: "PN2", phoneNumber: "+15005550007", route: null }], fetchedAt: null, error: null, inboundUrl: INBOUND };

  it("replaces the connected number only", () => {
    const next = withNumber(list, { ...number, pointsHere: true, smsUrl: INBOUND });
    expect(next.items[0]?.pointsHere).toBe(true);
    expect(next.items[1]).toBe(list.items[1]);
    expect(next.inboundUrl).toBe(INBOUND);
  });

  it("switches the route's active flag on the number that carries it", () => {
    const next = withRouteActive(list, "r1", false);
    expect(next.items[0]?.route?.active).toBe(false);
    expect(next.items[1]?.route).toBeNull();
  });
});
