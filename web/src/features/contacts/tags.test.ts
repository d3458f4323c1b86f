import { MAX_TAGS, addTags, removeTag, sameTags, tagTone } from "./tags";

describe("tag editing", () => {
  it("adds trimmed tags, several at once, without repeats ignoring case", () => {
    expect(addTags(["vip"], " Hot lead , VIP; newsletter ,, ")).toEqual({ tags: ["vip", "Hot lead", "newsletter"], error: null, rest: "" });
  });

  it("keeps a tag that is too long in the box, with the reason", () => {
    const long = "x".repeat(51);
    expect(addTags([], `ok, ${long}`)).toEqual({ tags: ["ok"], error: "A tag can be at most 50 characters", rest: long });
    expect(addTags([], "é".repeat(50)).tags).toHaveLength(1);
  });

  it("stops at 30 tags", () => {
    const full = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    expect(addTags(full, "one more")).toEqual({ tags: full, error: "At most 30 tags", rest: "one more" });
    // A repeat of one already there is not an error.
    expect(addTags(full, "T1").error).toBeNull();
  });

  it("removes one tag and compares lists in order", () => {
    expect(removeTag(["a", "b", "c"], "b")).toEqual(["a", "c"]);
    expect(sameTags(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameTags(["a", "b"], ["b", "a"])).toBe(false);
  });

  it("colours a tag the same way everywhere, whatever its case", () => {
    expect(tagTone("VIP")).toBe(tagTone("vip"));
  });
});
