import { quietMinutesOf, surveyProblem, surveyToBody, surveyToForm } from "./survey";

const settings = { enabled: true, question: "How did we do?", thankYou: "Thanks!", quietMinutes: 1440 };

describe("the survey settings form", () => {
  it("shows the quiet time in the largest unit it divides into", () => {
    expect(surveyToForm({ ...settings, quietMinutes: 1440 })).toMatchObject({ quietAmount: "1", quietUnit: "days" });
    expect(surveyToForm({ ...settings, quietMinutes: 43_200 })).toMatchObject({ quietAmount: "30", quietUnit: "days" });
    expect(surveyToForm({ ...settings, quietMinutes: 120 })).toMatchObject({ quietAmount: "2", quietUnit: "hours" });
    expect(surveyToForm({ ...settings, quietMinutes: 90 })).toMatchObject({ quietAmount: "90", quietUnit: "minutes" });
    expect(surveyToForm({ ...settings, quietMinutes: 1 })).toMatchObject({ quietAmount: "1", quietUnit: "minutes" });
  });

  it("saves trimmed texts and the quiet time in minutes; switched off, only that", () => {
    const form = { ...surveyToForm(settings), question: "  Rate us  ", thankYou: " ", quietAmount: " 3 ", quietUnit: "hours" as const };
    expect(surveyToBody(form)).toEqual({ enabled: true, question: "Rate us", thankYou: "", quietMinutes: 180 });
    expect(surveyToBody({ ...form, enabled: false })).toEqual({ enabled: false });
  });

  it("asks for a whole number before saving, but leaves the range to the server", () => {
    const form = surveyToForm(settings);
    for (const amount of ["", "1.5", "-2", "two", "1e3"]) {
      expect(quietMinutesOf({ ...form, quietAmount: amount })).toBeNull();
      expect(surveyProblem({ ...form, quietAmount: amount })?.field).toBe("csatSurvey.quietMinutes");
    }
    expect(surveyProblem({ ...form, quietAmount: "0" })).toBeNull();
    expect(surveyProblem({ ...form, enabled: false, quietAmount: "x" })).toBeNull();
  });
});
