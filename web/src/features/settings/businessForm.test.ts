import { ApiError, type Schemas } from "@/lib/api";
import { businessChange, businessErrorOf, businessFormFrom, isBusinessDirty } from "./businessForm";

const saved: Schemas["BusinessView"] = { timeZone: null, defaultTimeZone: "America/Chicago", effectiveTimeZone: "America/Chicago", droppedAfterDays: 7 };

describe("the Business form", () => {
  it("starts clean from what is saved, no zone chosen standing as \"\"", () => {
    const form = businessFormFrom(saved);
    expect(form).toEqual({ zone: "", days: "7" });
    expect(isBusinessDirty(form, saved)).toBe(false);
    expect(isBusinessDirty({ ...form, days: " 7 " }, saved)).toBe(false);
    expect(isBusinessDirty({ ...form, zone: "Asia/Tokyo" }, saved)).toBe(true);
    expect(isBusinessDirty({ ...form, days: "3" }, saved)).toBe(true);
  });

  it("sends the zone (null for the default) and the days as a number", () => {
    expect(businessChange({ zone: "Asia/Tokyo", days: " 3 " })).toEqual({ change: { timeZone: "Asia/Tokyo", droppedAfterDays: 3 } });
    expect(businessChange({ zone: "", days: "365" })).toEqual({ change: { timeZone: null, droppedAfterDays: 365 } });
  });

  it("refuses days that are not a whole number from 1 to 365, beside the field", () => {
    for (const days of ["0", "366", "2.5", "-1", "", "seven"]) {
      expect(businessChange({ zone: "", days })).toEqual({ error: { field: "days", message: "Enter a whole number of days from 1 to 365." } });
    }
  });

  it("places the server's refusals beside the field they name, in words", () => {
    expect(businessErrorOf(new ApiError(422, "invalid", "business.timeZone `Mars/Base` is not an IANA time zone (like America/New_York)"))).toEqual({
      field: "zone",
      message: "“Mars/Base” is not an IANA time zone (like America/New_York)",
    });
    expect(businessErrorOf(new ApiError(422, "invalid", "business.droppedAfterDays must be from 1 to 365"))).toEqual({ field: "days", message: "Must be from 1 to 365." });
    expect(businessErrorOf(new ApiError(500, "internal", "Something went wrong"))).toEqual({ field: "form", message: "Something went wrong" });
  });
});
