import { countSegments, describeSegments } from "./segments";

describe("countSegments", () => {
  it("counts an empty body as no segment", () => {
    expect(countSegments("")).toMatchObject({ units: 0, segments: 0, encoding: "GSM-7", capacity: 160 });
  });

  it("fits 160 GSM-7 characters in one segment and splits at 153 after that", () => {
    expect(countSegments("a".repeat(160)).segments).toBe(1);
    expect(countSegments("a".repeat(161)).segments).toBe(2);
    expect(countSegments("a".repeat(306)).segments).toBe(2);
    expect(countSegments("a".repeat(307)).segments).toBe(3);
    expect(countSegments("a".repeat(161)).capacity).toBe(306);
  });

  it("counts extension characters as two septets", () => {
    const euro = countSegments("€".repeat(80));
    expect(euro).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(countSegments("€".repeat(81)).segments).toBe(2);
    expect(countSegments("^{}\\[~]|\f").units).toBe(18);
  });

  it("switches the whole message to Unicode for one character outside GSM-7", () => {
    const c = countSegments(`${"a".repeat(68)}😀`);
    expect(c).toMatchObject({ encoding: "Unicode", units: 70, segments: 1, capacity: 70 });
    expect(countSegments(`${"a".repeat(69)}😀`)).toMatchObject({ segments: 2, capacity: 134 });
    expect(countSegments("smart ’quote’").encoding).toBe("Unicode");
  });

  it("counts characters by code point for the 1600 limit", () => {
    expect(countSegments("😀😀").chars).toBe(2);
    expect(countSegments("😀😀").units).toBe(4);
  });

  it("keeps accented letters of the GSM table in GSM-7", () => {
    expect(countSegments("Café à Ñoño? ¿Qué! £5 @home Ü").encoding).toBe("GSM-7");
  });
});

describe("describeSegments", () => {
  it("reads like the composer's counter", () => {
    expect(describeSegments(countSegments("a".repeat(142)))).toBe("142 / 160 · 1 segment · GSM-7");
    expect(describeSegments(countSegments(`${"a".repeat(70)}😀`))).toBe("72 / 134 · 2 segments · Unicode");
  });
});
