import { cleanColumns, mappingProblem, setFieldName, setKind, type Column } from "./mapping";

const headers = ["Mobile", "Home phone", "First Name", "Email", "Company Size"];
const guessed: Column[] = [{ kind: "phone" }, { kind: "field", name: "Home phone" }, { kind: "firstName" }, { kind: "email" }, { kind: "field", name: "Company Size" }];

describe("the column mapping", () => {
  it("has exactly one phone column: choosing another keeps the old one's data as a field", () => {
    const moved = setKind(guessed, headers, 1, "phone");
    expect(moved[1]).toEqual({ kind: "phone" });
    expect(moved[0]).toEqual({ kind: "field", name: "Mobile" });
    expect(moved.filter((c) => c.kind === "phone")).toHaveLength(1);
    expect(mappingProblem(moved)).toBeNull();
  });

  it("gives a contact field to one column only, and lets many be fields or skipped", () => {
    const emails = setKind(guessed, headers, 4, "email");
    expect(emails[3]).toEqual({ kind: "field", name: "Email" });
    expect(emails[4]).toEqual({ kind: "email" });
    const skipped = setKind(setKind(guessed, headers, 3, "skip"), headers, 4, "skip");
    expect(skipped.filter((c) => c.kind === "skip")).toHaveLength(2);
    expect(setKind(guessed, headers, 2, "field")[2]).toEqual({ kind: "field", name: "First Name" });
  });

  it("keeps a custom field's name when it is chosen again", () => {
    const renamed = setFieldName(guessed, 4, "Size");
    expect(setKind(renamed, headers, 4, "field")[4]).toEqual({ kind: "field", name: "Size" });
    expect(setFieldName(guessed, 0, "ignored")[0]).toEqual({ kind: "phone" });
  });

  it("needs a phone column and named fields", () => {
    expect(mappingProblem(setKind(guessed, headers, 0, "skip"))).toBe("Choose the column that holds the phone number.");
    expect(mappingProblem([{ kind: "phone" }, { kind: "phone" }])).toBe("Only one column can be the phone number.");
    expect(mappingProblem(setFieldName(guessed, 4, "   "))).toBe("Give every custom field a name.");
    expect(mappingProblem(setFieldName(guessed, 4, "x".repeat(101)))).toMatch(/at most 100/);
    expect(cleanColumns(setFieldName(guessed, 4, "  Size "))[4]).toEqual({ kind: "field", name: "Size" });
  });
});
