import { countOf, displayName, formatPercent, formatPhone, initials, relativeTime } from "./format";

describe("relativeTime", () => {
  const now = new Date(2026, 2, 12, 15, 0, 0); // Thu Mar 12 2026, 15:00 local

  it("says just now for the last 45 seconds and for small clock skew", () => {
    expect(relativeTime(new Date(now.getTime() - 10_000), now)).toBe("just now");
    expect(relativeTime(new Date(now.getTime() + 5_000), now)).toBe("just now");
  });

  it("counts minutes, then hours within the same day", () => {
    expect(relativeTime(new Date(now.getTime() - 50_000), now)).toBe("1m ago");
    expect(relativeTime(new Date(now.getTime() - 5 * 60_000), now)).toBe("5m ago");
    expect(relativeTime(new Date(2026, 2, 12, 11, 30), now)).toBe("3h ago");
    expect(relativeTime(new Date(2026, 2, 12, 0, 5), now)).toBe("14h ago");
  });

  it("says Yesterday for the previous calendar day, then the weekday", () => {
    expect(relativeTime(new Date(2026, 2, 11, 23, 50), now)).toBe("Yesterday");
    expect(relativeTime(new Date(2026, 2, 9, 9, 0), now)).toBe("Mon");
  });

  it("falls back to the date, with the year when it differs", () => {
    expect(relativeTime(new Date(2026, 1, 4, 9, 0), now)).toBe("Feb 4");
    expect(relativeTime(new Date(2025, 11, 24, 9, 0), now)).toBe("Dec 24, 2025");
  });

  it("accepts RFC 3339 strings and ignores garbage", () => {
    expect(relativeTime(new Date(now.getTime() - 120_000).toISOString(), now)).toBe("2m ago");
    expect(relativeTime("not a date", now)).toBe("");
  });
});

describe("phone and names", () => {
  it("formats North American numbers and leaves others alone", () => {
    expect(formatPhone("+12025550123")).toBe("+1 (202) 555-0123");
    expect(formatPhone("+447700900123")).toBe("+447700900123");
  });

  it("makes initials from the name, or the phone's last digits", () => {
    expect(initials("Ada Lovelace", "+1555")).toBe("AL");
    expect(initials("  cher ", "+1555")).toBe("C");
    expect(initials("Mary Ann Smith", "+1")).toBe("MS");
    expect(initials(null, "+12025550123")).toBe("23");
  });

  it("shows the name or the phone", () => {
    expect(displayName(" ", "+12025550123")).toBe("+1 (202) 555-0123");
    expect(displayName("Bo", "+12025550123")).toBe("Bo");
  });

  it("says one thing or many things", () => {
    expect(countOf(1, "bot reply", "bot replies")).toBe("1 bot reply");
    expect(countOf(0, "bot reply", "bot replies")).toBe("0 bot replies");
    expect(countOf(1204, "bot reply", "bot replies")).toBe("1,204 bot replies");
  });

  it("formats fractions as percentages", () => {
    expect(formatPercent(0.873)).toBe("87%");
    expect(formatPercent(0.05)).toBe("5.0%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
  });
});
