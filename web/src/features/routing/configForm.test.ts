import { bodyOf, formOf, sliderMax } from "./configForm";
import { aRoute } from "./testData";

describe("the Configure form", () => {
  it("saves empty texts as null (cleared) and trims the others", () => {
    const route = aRoute({ id: "r1", twilioNumber: "+15005550007", greetingMessage: "Hi", afterHoursReply: null, maxConcurrent: 7 });
    const form = formOf(route, "UTC");
    expect(form.greeting).toBe("Hi");
    expect(form.afterHours).toBe("");
    expect(bodyOf({ ...form, greeting: "   ", afterHours: "  We're closed.  " })).toEqual({
      greetingMessage: null,
      afterHoursReply: "We're closed.",
      businessHours: null,
      maxConcurrent: 7,
    });
  });

  it("keeps a slider able to show a value the API set above 100", () => {
    expect(sliderMax(25)).toBe(100);
    expect(sliderMax(400)).toBe(400);
  });
});
