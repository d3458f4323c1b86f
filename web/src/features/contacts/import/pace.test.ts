import { paceEstimate, parsePace, recipients } from "./pace";

describe("the first message's pace", () => {
  it("says how long the texts take at one segment a second", () => {
    expect(paceEstimate(500, "Hi there!", 1).text).toBe("about 8 minutes for 500 contacts");
    expect(paceEstimate(30, "Hi", 1).text).toBe("under a minute for 30 contacts");
    expect(paceEstimate(1, "Hi", 1 / 60).text).toBe("about 1 minute for 1 contact");
  });

  it("counts every segment of a long or Unicode message", () => {
    const twoSegments = "x".repeat(161);
    const estimate = paceEstimate(600, twoSegments, 1);
    expect(estimate.segmentsPerMessage).toBe(2);
    expect(estimate.text).toBe("about 20 minutes for 600 contacts");
    expect(paceEstimate(100, "Grüße 😀", 1).segmentsPerMessage).toBe(1);
  });

  it("goes faster on a faster number, and speaks in hours when long", () => {
    expect(paceEstimate(6000, "Hi", 10).text).toBe("about 10 minutes for 6,000 contacts");
    expect(paceEstimate(100_000, "Hi", 1).text).toBe("about 27.8 hours for 100,000 contacts");
    expect(paceEstimate(1_000_000, "Hi", 1).text).toBe("about 12 days for 1,000,000 contacts");
  });

  it("says 'up to' when not every row is known to become a contact", () => {
    expect(paceEstimate(500, "Hi", 1, false).text).toBe("about 8 minutes for up to 500 contacts");
  });

  it("counts who gets the message from the preview when it covers the whole file", () => {
    const rows = [{ outcome: "create" }, { outcome: "update" }, { outcome: "skip" }, { outcome: "reject" }];
    expect(recipients(rows, 4)).toEqual({ contacts: 2, exact: true });
    expect(recipients(rows, 1000)).toEqual({ contacts: 1000, exact: false });
  });

  it("reads the pace box within the server's bounds", () => {
    expect(parsePace("1")).toBe(1);
    expect(parsePace("0,5")).toBe(0.5);
    expect(parsePace("0.01")).toBeNull();
    expect(parsePace("101")).toBeNull();
    expect(parsePace("fast")).toBeNull();
  });
});
