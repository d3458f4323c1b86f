import {
  addDays,
  allowedResolutions,
  customProblem,
  datesFor,
  datesOfRange,
  datesPhrase,
  datesText,
  dayCount,
  isDate,
  localDate,
  queryFor,
  readResolution,
  readSelection,
  selectionLabel,
  withResolution,
  withSelection,
  type PresetKey,
} from "./range";

const label = (preset: PresetKey, today: string) => selectionLabel({ preset }, datesFor({ preset }, today));

describe("dates", () => {
  it("knows real calendar dates", () => {
    expect(isDate("2026-02-28")).toBe(true);
    expect(isDate("2028-02-29")).toBe(true);
    expect(isDate("2026-02-29")).toBe(false);
    expect(isDate("2026-13-01")).toBe(false);
    expect(isDate("26-1-1")).toBe(false);
  });

  it("adds days across month and year ends, and counts both ends", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(dayCount({ start: "2026-11-01", end: "2026-11-30" })).toBe(30);
    expect(dayCount({ start: "2026-03-07", end: "2026-03-09" })).toBe(3);
  });
});

describe("the presets", () => {
  it("read like the plan's picker, in days of the business", () => {
    expect(label("30d", "2026-11-30")).toBe("Last 30 Days (Nov 1 – Nov 30, 2026)");
    expect(label("today", "2026-11-30")).toBe("Today (Nov 30, 2026)");
    expect(label("7d", "2026-11-30")).toBe("Last 7 Days (Nov 24 – Nov 30, 2026)");
    expect(label("90d", "2026-11-30")).toBe("Last 90 Days (Sep 2 – Nov 30, 2026)");
    expect(label("month", "2026-11-30")).toBe("This Month (Nov 1 – Nov 30, 2026)");
    expect(label("last-month", "2026-11-30")).toBe("Last Month (Oct 1 – Oct 31, 2026)");
  });

  it("cross month and year ends", () => {
    expect(label("30d", "2026-01-13")).toBe("Last 30 Days (Dec 15, 2025 – Jan 13, 2026)");
    expect(label("last-month", "2026-01-05")).toBe("Last Month (Dec 1 – Dec 31, 2025)");
    expect(label("last-month", "2028-03-31")).toBe("Last Month (Feb 1 – Feb 29, 2028)");
    expect(label("month", "2026-03-01")).toBe("This Month (Mar 1, 2026)");
    expect(label("7d", "2026-03-03")).toBe("Last 7 Days (Feb 25 – Mar 3, 2026)");
  });

  it("a custom range is its dates", () => {
    expect(selectionLabel({ preset: "custom", start: "2026-10-05", end: "2026-10-19" }, { start: "2026-10-05", end: "2026-10-19" })).toBe("Oct 5 – Oct 19, 2026");
  });
});

describe("the business's today", () => {
  // 2026-11-30 20:30 UTC: already Dec 1 in Tokyo, still Nov 30 in New York, Nov 30 morning in Pago Pago.
  const at = Date.UTC(2026, 10, 30, 20, 30);

  it("is the date in the business's zone, not the browser's", () => {
    expect(localDate("Asia/Tokyo", at)).toBe("2026-12-01");
    expect(localDate("America/New_York", at)).toBe("2026-11-30");
    expect(label("30d", localDate("Asia/Tokyo", at))).toBe("Last 30 Days (Nov 2 – Dec 1, 2026)");
    expect(label("month", localDate("Asia/Tokyo", at))).toBe("This Month (Dec 1, 2026)");
    expect(label("last-month", localDate("Asia/Tokyo", at))).toBe("Last Month (Nov 1 – Nov 30, 2026)");
    expect(label("last-month", localDate("America/New_York", at))).toBe("Last Month (Oct 1 – Oct 31, 2026)");
  });

  it("follows daylight saving: New York's midnight after the change", () => {
    // 2026-11-01 04:30 UTC is 00:30 EDT on Nov 1; 2026-11-02 04:30 UTC is 23:30 EST on Nov 1.
    expect(localDate("America/New_York", Date.UTC(2026, 10, 1, 4, 30))).toBe("2026-11-01");
    expect(localDate("America/New_York", Date.UTC(2026, 10, 2, 4, 30))).toBe("2026-11-01");
  });

  it("falls back to UTC for a zone the browser does not know", () => {
    expect(localDate("Mars/Olympus_Mons", at)).toBe("2026-11-30");
  });

  it("reads the dates of the server's range in its own zone (the end excluded)", () => {
    const range = { start: "2026-10-31T15:00:00Z", end: "2026-11-30T15:00:00Z", timeZone: "Asia/Tokyo" };
    expect(datesOfRange(range)).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    // A range ending now (rounded up to the quarter hour).
    expect(datesOfRange({ start: "2026-11-30T05:00:00Z", end: "2026-11-30T21:45:00Z", timeZone: "America/New_York" })).toEqual({ start: "2026-11-30", end: "2026-11-30" });
  });
});

describe("custom ranges", () => {
  const today = "2026-11-30";

  it("need two dates, in order, not after today, at most two years", () => {
    expect(customProblem("", "2026-11-10", today)).toEqual({ field: "start", message: "Choose the first day." });
    expect(customProblem("2026-11-01", "", today)).toEqual({ field: "end", message: "Choose the last day." });
    expect(customProblem("2026-02-30", "2026-03-01", today)?.field).toBe("start");
    expect(customProblem("2026-11-10", "2026-11-01", today)).toEqual({ field: "end", message: "The last day must be on or after the first." });
    expect(customProblem("2026-11-01", "2026-12-01", today)).toEqual({ field: "end", message: "The last day cannot be after today (Nov 30, 2026)." });
    expect(customProblem("2024-11-29", today, today)?.message).toBe("A range covers at most two years.");
    expect(customProblem("2024-11-30", today, today)).toBeNull();
    expect(customProblem(today, today, today)).toBeNull();
  });

  it("are phrased for a sentence", () => {
    expect(datesPhrase({ start: "2026-11-30", end: "2026-11-30" })).toBe("on Nov 30, 2026");
    expect(datesPhrase({ start: "2026-11-01", end: "2026-11-30" })).toBe("between Nov 1 and Nov 30, 2026");
    expect(datesPhrase({ start: "2025-12-20", end: "2026-01-02" })).toBe("between Dec 20, 2025 and Jan 2, 2026");
    expect(datesText({ start: "2025-12-20", end: "2026-01-02" })).toBe("Dec 20, 2025 – Jan 2, 2026");
  });
});

describe("the address", () => {
  const params = (q: string) => new URLSearchParams(q);

  it("keeps the choice, the default preset leaving it clean", () => {
    expect(readSelection(params(""))).toEqual({ preset: "30d" });
    expect(readSelection(params("range=today"))).toEqual({ preset: "today" });
    expect(readSelection(params("range=custom&from=2026-10-01&to=2026-10-15"))).toEqual({ preset: "custom", start: "2026-10-01", end: "2026-10-15" });
    expect(withSelection(params("range=today&res=hour&q=x"), { preset: "30d" }).toString()).toBe("q=x");
    expect(withSelection(params(""), { preset: "last-month" }).toString()).toBe("range=last-month");
    expect(withSelection(params(""), { preset: "custom", start: "2026-10-01", end: "2026-10-15" }).toString()).toBe("range=custom&from=2026-10-01&to=2026-10-15");
  });

  it("ignores what it cannot read", () => {
    expect(readSelection(params("range=forever"))).toEqual({ preset: "30d" });
    expect(readSelection(params("range=custom&from=2026-10-15&to=2026-10-01"))).toEqual({ preset: "30d" });
    expect(readSelection(params("range=custom&from=yesterday&to=2026-10-01"))).toEqual({ preset: "30d" });
    expect(readResolution(params("res=minute"), 30)).toBeNull();
  });

  it("offers hours only up to 30 days, days from 2, weeks from 14, and keeps a resolution only where allowed", () => {
    expect(allowedResolutions(1)).toEqual(["hour"]);
    expect(allowedResolutions(7)).toEqual(["hour", "day"]);
    expect(allowedResolutions(30)).toEqual(["hour", "day", "week"]);
    expect(allowedResolutions(90)).toEqual(["day", "week"]);
    expect(readResolution(params("res=hour"), 90)).toBeNull();
    expect(readResolution(params("res=week"), 90)).toBe("week");
    expect(withResolution(params("range=90d"), "week", 90).toString()).toBe("range=90d&res=week");
    expect(withResolution(params("range=90d&res=week"), "day", 90).toString()).toBe("range=90d");
  });
});

describe("queryFor", () => {
  const today = "2026-11-30";

  it("asks the default preset with no dates: the server counts its 30 days in the business's zone", () => {
    expect(queryFor({ preset: "30d" }, datesFor({ preset: "30d" }, today), today, null)).toEqual({});
    expect(queryFor({ preset: "30d" }, datesFor({ preset: "30d" }, today), today, "week")).toEqual({ resolution: "week" });
  });

  it("ends a range that ends today now, and sends the last day of one that ended", () => {
    expect(queryFor({ preset: "today" }, datesFor({ preset: "today" }, today), today, null)).toEqual({ start: "2026-11-30" });
    expect(queryFor({ preset: "last-month" }, datesFor({ preset: "last-month" }, today), today, null)).toEqual({ start: "2026-10-01", end: "2026-10-31" });
    const custom = { preset: "custom", start: "2026-11-01", end: "2026-11-15" } as const;
    expect(queryFor(custom, datesFor(custom, today), today, "day")).toEqual({ start: "2026-11-01", end: "2026-11-15", resolution: "day" });
  });
});
