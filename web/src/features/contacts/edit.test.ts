import type { ContactDetail } from "./api";
import { changeFrom, fieldOfError, valuesOf } from "./edit";

const contact = {
  id: "c1",
  name: "Ada",
  phone: "+12025550123",
  email: null,
  company: "Analytical",
  status: "new",
  tags: ["vip"],
} as ContactDetail;

describe("contact edits", () => {
  it("send only what changed; an emptied field is cleared with null", () => {
    const saved = valuesOf(contact);
    expect(saved).toEqual({ name: "Ada", email: "", company: "Analytical", status: "new", tags: ["vip"] });
    expect(changeFrom(saved, saved)).toEqual({});
    expect(changeFrom(saved, { ...saved, name: " Ada L. ", company: "  ", status: "booked", tags: ["vip", "hot"] })).toEqual({
      name: "Ada L.",
      company: null,
      status: "booked",
      tags: ["vip", "hot"],
    });
    expect(changeFrom(saved, { ...saved, name: "Ada  " })).toEqual({});
  });

  it("find the field a refusal names", () => {
    expect(fieldOfError("email: `nope` is not an email address")).toBe("email");
    expect(fieldOfError("name is longer than 200 characters")).toBe("name");
    expect(fieldOfError("company is longer than 200 characters")).toBe("company");
    expect(fieldOfError("tag `xxxx` is longer than 50 characters")).toBe("tags");
    expect(fieldOfError("at most 30 tags")).toBe("tags");
    expect(fieldOfError("status must be one of new, active")).toBe("status");
    expect(fieldOfError("The contact was not found")).toBeNull();
  });
});
