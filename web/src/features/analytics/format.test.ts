import { bookingSources, bucketName, bucketTick, changeShown, formatDuration, medianShown, rateShown, scoreShown } from "./format";

describe("formatDuration", () => {
  it("reads like the plan: 1m 45s", () => {
    expect(formatDuration(105_000)).toBe("1m 45s");
    expect(formatDuration(120_000)).toBe("2m");
    expect(formatDuration(45_400)).toBe("45s");
    expect(formatDuration(4_240)).toBe("4.2s");
    expect(formatDuration(850)).toBe("0.9s");
    expect(formatDuration(30)).toBe("<0.1s");
  });

  it("keeps the two largest units of long waits, rounding to the second first", () => {
    expect(formatDuration(59_600)).toBe("1m");
    expect(formatDuration(3_599_000)).toBe("59m 59s");
    expect(formatDuration(3_900_000)).toBe("1h 5m");
    expect(formatDuration(93_600_000)).toBe("1d 2h");
    expect(formatDuration(86_400_000)).toBe("1d");
  });

  it("says — without a figure", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });

  it("says only 'under 1s' of a median in the server's first bin", () => {
    expect(medianShown(500)).toBe("under 1s");
    expect(medianShown(104_000)).toBe("1m 44s");
    expect(medianShown(null)).toBe("—");
  });
});

describe("changeShown", () => {
  it("is green when conversations go up and red when they go down", () => {
    expect(changeShown(0.125, "up-is-good")).toEqual({ text: "+13%", direction: "up", tone: "good", spoken: "up 13%" });
    expect(changeShown(-0.05, "up-is-good")).toEqual({ text: "−5.0%", direction: "down", tone: "bad", spoken: "down 5.0%" });
  });

  it("is green when the response time goes down", () => {
    expect(changeShown(-0.3, "down-is-good")).toMatchObject({ text: "−30%", direction: "down", tone: "good" });
    expect(changeShown(0.3, "down-is-good")).toMatchObject({ text: "+30%", direction: "up", tone: "bad" });
  });

  it("says — with no previous figure, and 0% when nothing moved", () => {
    expect(changeShown(null, "up-is-good")).toEqual({ text: "—", direction: null, tone: "neutral", spoken: "no previous figure to compare with" });
    expect(changeShown(0, "down-is-good")).toMatchObject({ text: "0%", direction: "flat", tone: "neutral" });
    expect(changeShown(2, "up-is-good").text).toBe("+200%");
  });
});

describe("scores and rates", () => {
  it("never invents a satisfaction score", () => {
    expect(scoreShown(4.8)).toBe("4.8/5");
    expect(scoreShown(5)).toBe("5.0/5");
    expect(scoreShown(null)).toBe("No data");
  });

  it("shows a rate as a percentage", () => {
    expect(rateShown(0.4)).toBe("40%");
    expect(rateShown(0.025)).toBe("2.5%");
    expect(rateShown(null)).toBe("—");
  });
});

describe("bucket labels", () => {
  it("name hours, days and weeks by their local start", () => {
    expect(bucketTick("2026-11-01T14:00", "hour")).toBe("2 PM");
    expect(bucketTick("2026-11-01", "day")).toBe("Nov 1");
    expect(bucketName("2026-11-01T00:00", "hour")).toBe("Sun, Nov 1, 12 AM");
    expect(bucketName("2026-11-01", "day")).toBe("Sun, Nov 1");
    expect(bucketName("2026-10-26", "week")).toBe("Week of Oct 26, 2026");
    expect(bucketName("garbage", "day")).toBe("garbage");
  });
});

describe("bookingSources", () => {
  it("says where the bookings came from, and why CloseBot's graph was not used", () => {
    expect(bookingSources([{ source: "closebot_booking_graph", routes: 2, note: null }])).toEqual(["From CloseBot's booking graph"]);
    expect(bookingSources([{ source: "contact_status", routes: 1, note: "CloseBot's booking graph is unavailable: timed out." }])).toEqual([
      "From contacts marked booked — CloseBot's booking graph is unavailable: timed out",
    ]);
  });

  it("counts the routes of each when several were used", () => {
    expect(
      bookingSources([
        { source: "closebot_booking_graph", routes: 1, note: null },
        { source: "closebot_agency_summary", routes: 2, note: "CloseBot's booking graph is unavailable: HTTP 404" },
      ]),
    ).toEqual(["From CloseBot's booking graph (1 route)", "From CloseBot's agency summary for this month (2 routes) — CloseBot's booking graph is unavailable: HTTP 404"]);
  });
});
