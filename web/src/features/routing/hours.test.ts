import {
  endFromInput,
  endToInput,
  formatClock,
  formToHours,
  hoursToForm,
  newException,
  summarizeHours,
  todayIn,
  type BusinessHours,
} from "./hours";

const nineToFive = { start: "09:00", end: "17:00" };

describe("business hours: form ⇄ API JSON", () => {
  it("a route without hours is always open, with Mon–Fri 9–5 ready to switch on", () => {
    const form = hoursToForm(null, "Europe/Paris");
    expect(form.enabled).toBe(false);
    expect(form.timezone).toBe("Europe/Paris");
    expect(form.days.mon).toEqual({ open: true, ...nineToFive });
    expect(form.days.sat.open).toBe(false);
    expect(formToHours(form)).toBeNull();
    expect(formToHours({ ...form, enabled: true })).toEqual({
      timezone: "Europe/Paris",
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: null,
      sun: null,
      exceptions: [],
    });
  });

  it("round-trips hours with 24:00, closed days and both kinds of exception", () => {
    const stored: BusinessHours = {
      timezone: "America/New_York",
      mon: nineToFive,
      tue: null,
      wed: { start: "20:00", end: "24:00" },
      thu: nineToFive,
      fri: nineToFive,
      sat: { start: "10:00", end: "14:00" },
      sun: null,
      exceptions: [
        { date: "2026-12-25", closed: true },
        { date: "2026-12-24", start: "09:00", end: "12:00" },
      ],
    };
    const form = hoursToForm(stored);
    expect(form.enabled).toBe(true);
    expect(form.days.tue.open).toBe(false);
    expect(form.days.wed).toEqual({ open: true, start: "20:00", end: "24:00" });
    expect(form.exceptions.map((e) => [e.date, e.closed])).toEqual([
      ["2026-12-25", true],
      ["2026-12-24", false],
    ]);
    expect(formToHours(form)).toEqual(stored);
  });

  it("reads days the API left out as closed, and a server's closed exception with null times", () => {
    const form = hoursToForm({ timezone: "UTC", mon: nineToFive, exceptions: [{ date: "2026-01-01", closed: true, start: null, end: null }] });
    expect(form.days.tue.open).toBe(false);
    expect(form.days.sun.open).toBe(false);
    const back = formToHours(form);
    expect(back?.tue).toBeNull();
    expect(back?.exceptions).toEqual([{ date: "2026-01-01", closed: true }]);
  });

  it("sends a closed day as null but keeps its times in the form, so switching it back on restores them", () => {
    const form = hoursToForm({ timezone: "UTC", mon: { start: "07:30", end: "15:00" } });
    const closed = { ...form, days: { ...form.days, mon: { ...form.days.mon, open: false } } };
    expect(formToHours(closed)?.mon).toBeNull();
    expect(closed.days.mon).toEqual({ open: false, start: "07:30", end: "15:00" });
  });

  it("a special-hours exception sends both times and no closed flag; a closed one no times", () => {
    const form = hoursToForm({ timezone: "UTC" });
    const special = { ...newException("2026-07-03"), closed: false, start: "10:00", end: "24:00" };
    const hours = formToHours({ ...form, exceptions: [newException("2026-07-04"), special] });
    expect(hours?.exceptions).toEqual([
      { date: "2026-07-04", closed: true },
      { date: "2026-07-03", start: "10:00", end: "24:00" },
    ]);
  });

  it("shows a midnight end as 00:00 in a time input and reads 00:00 back as 24:00", () => {
    expect(endToInput("24:00")).toBe("00:00");
    expect(endToInput("17:00")).toBe("17:00");
    expect(endFromInput("00:00")).toBe("24:00");
    expect(endFromInput("17:30")).toBe("17:30");
  });
});

describe("summarizeHours", () => {
  it("groups consecutive days with the same hours", () => {
    expect(
      summarizeHours({ timezone: "America/New_York", mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: { start: "10:00", end: "14:00" } }),
    ).toBe("Mon–Fri 9:00 AM–5:00 PM, Sat 10:00 AM–2:00 PM · America/New_York");
  });

  it("does not join days that are not next to each other, says midnight, and counts exceptions", () => {
    expect(
      summarizeHours({ timezone: "UTC", mon: nineToFive, wed: nineToFive, sun: { start: "00:00", end: "24:00" }, exceptions: [{ date: "2026-12-25", closed: true }] }),
    ).toBe("Mon 9:00 AM–5:00 PM, Wed 9:00 AM–5:00 PM, Sun 12:00 AM–midnight · UTC · 1 exception");
  });

  it("says always open and closed every day", () => {
    expect(summarizeHours(null)).toBe("Always open");
    expect(summarizeHours({ timezone: "UTC", exceptions: [{ date: "2026-01-01", closed: true }, { date: "2026-01-02", closed: true }] })).toBe(
      "Closed every day · UTC · 2 exceptions",
    );
  });

  it("formats clock times in 12 hours", () => {
    expect(formatClock("00:30")).toBe("12:30 AM");
    expect(formatClock("12:00")).toBe("12:00 PM");
    expect(formatClock("23:59")).toBe("11:59 PM");
    expect(formatClock("24:00")).toBe("midnight");
  });
});

describe("todayIn", () => {
  it("is the date in the route's zone, not the browser's", () => {
    const instant = new Date("2026-03-01T03:00:00Z"); // still Feb 28 in New York, already Mar 1 in Tokyo
    expect(todayIn("America/New_York", instant)).toBe("2026-02-28");
    expect(todayIn("Asia/Tokyo", instant)).toBe("2026-03-01");
    expect(todayIn("Not/AZone", instant)).toBe("2026-03-01");
  });
});
