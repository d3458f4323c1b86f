import { newCustomer, toE164 } from "./numbers";

describe("toE164", () => {
  it("reads usual ways of writing a number", () => {
    expect(toE164("+1 (206) 555-0123")).toBe("+12065550123");
    expect(toE164("206.555.0142")).toBe("+12065550142");
    expect(toE164("+447700900123")).toBe("+447700900123");
  });

  it("refuses what is not a number", () => {
    for (const raw of ["", "12345", "+0123456789", "call me", "+1206555012a"]) expect(toE164(raw)).toBeNull();
  });
});

describe("newCustomer", () => {
  it("picks a fictional 555-01XX number nobody uses, never the business's", () => {
    const taken = ["+12065550123"];
    const picked = newCustomer(taken, () => 0);
    expect(picked).toMatch(/^\+120655501\d\d$/);
    expect(picked).not.toBe("+12065550100");
    expect(taken).not.toContain(picked);
    expect(newCustomer([], () => 0.999)).toBe("+12065550199");
  });
});
