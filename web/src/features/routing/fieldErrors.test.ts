import { ApiError } from "@/lib/api";
import { errorFor, fieldOfError, fieldOfMessage } from "./fieldErrors";

// The server's own wording (src/http/routing.rs, src/domain/business_hours.rs, src/domain/phone.rs).
describe("fieldOfMessage", () => {
  it.each([
    ["businessHours: `Mars/Olympus` is not an IANA time zone (for example America/New_York)", "timezone", "“Mars/Olympus” is not an IANA time zone (for example America/New_York)"],
    ["businessHours: mon: `9am` is not a time of day in HH:MM form", "day.mon", "“9am” is not a time of day in HH:MM form"],
    ["businessHours: sun: the end (08:00) must be after the start (17:00)", "day.sun", "The end (08:00) must be after the start (17:00)"],
    ["businessHours: 2026-12-24: the end (09:00) must be after the start (12:00)", "exception.2026-12-24", "The end (09:00) must be after the start (12:00)"],
    ['businessHours: exception 2026-12-25: give either "closed": true or both "start" and "end"', "exception.2026-12-25", 'Exception 2026-12-25: give either "closed": true or both "start" and "end"'],
    ["businessHours: exception 2026-12-25 is listed twice", "exception.2026-12-25", "Exception 2026-12-25 is listed twice"],
    ["maxConcurrent must be between 1 and 1000", "maxConcurrent", "Must be between 1 and 1000"],
    ["greetingMessage is longer than 1600 characters", "greetingMessage", "Longer than 1600 characters: shorten it"],
    ["afterHoursReply is longer than 1600 characters", "afterHoursReply", "Longer than 1600 characters: shorten it"],
    ["twilioNumber: `555` is not a phone number in E.164 form (for example +15005550006)", "twilioNumber", "“555” is not a phone number in E.164 form (for example +15005550006)"],
    ["closebotSourceId must not be empty", "closebotSourceId", "Must not be empty"],
  ])("%s → %s", (message, field, shown) => {
    expect(fieldOfMessage(message)).toEqual({ field, message: shown });
  });

  it("leaves messages that name no single field to the whole form", () => {
    expect(fieldOfMessage("twilioNumber and closebotSourceId are required").field).toBe("form");
    expect(fieldOfMessage("The body does not have the expected fields: businessHours.mon: unknown field `open`").field).toBe("form");
  });

  it("puts other business-hours messages beside the hours as a whole", () => {
    expect(fieldOfMessage("businessHours: something new")).toEqual({ field: "businessHours", message: "Something new" });
  });
});

describe("fieldOfError", () => {
  it("places a 422 by its message, a taken number beside the number, and the rest on the form", () => {
    expect(fieldOfError(new ApiError(422, "validation", "maxConcurrent must be between 1 and 1000")).field).toBe("maxConcurrent");
    expect(fieldOfError(new ApiError(409, "number_already_routed", "Another route already uses this Twilio number"))).toEqual({
      field: "twilioNumber",
      message: "Another route already uses this Twilio number",
    });
    expect(fieldOfError(new ApiError(0, "network_error", "The server could not be reached"))).toEqual({ field: "form", message: "The server could not be reached" });
    expect(fieldOfError(new Error("boom"))).toEqual({ field: "form", message: "boom" });
  });

  it("errorFor answers only for the field in error", () => {
    const error = fieldOfMessage("businessHours: mon: the end (08:00) must be after the start (17:00)");
    expect(errorFor(error, "day.mon")).toMatch(/must be after/);
    expect(errorFor(error, "day.tue")).toBeUndefined();
    expect(errorFor(null, "day.mon")).toBeUndefined();
  });
});
