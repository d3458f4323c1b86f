import { BOM, buildCsv, csvFileName, downloadCsv, neutralise } from "./csv";

describe("neutralise", () => {
  it("prefixes text a spreadsheet would run as a formula", () => {
    for (const risky of ['=HYPERLINK("http://x","y")', "+1 Support line", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]) {
      expect(neutralise(risky)).toBe(`'${risky}`);
    }
  });

  it("leaves other text, and numbers, as they are", () => {
    expect(neutralise("Sales bot")).toBe("Sales bot");
    expect(neutralise(" =not first")).toBe(" =not first");
    expect(neutralise(-3)).toBe("-3");
    expect(neutralise(0.25)).toBe("0.25");
    expect(neutralise(null)).toBe("");
    expect(neutralise(Number.NaN)).toBe("");
  });
});

describe("buildCsv", () => {
  it("starts with a BOM, ends lines with CRLF and quotes what needs it", () => {
    const csv = buildCsv(["Bot", "Conversations"], [
      ["Café, \"the\" bot", 3],
      ["=cmd|' /C calc'!A0", 1],
      ["Two\nlines", null],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe(['Bot,Conversations', '"Café, ""the"" bot",3', "'=cmd|' /C calc'!A0,1", '"Two\nlines",', ""].join("\r\n"));
  });
});

describe("csvFileName", () => {
  it("names the chart and the dates", () => {
    expect(csvFileName("Conversations by bot", "2026-11-01", "2026-11-30")).toBe("conversations-by-bot-2026-11-01-to-2026-11-30.csv");
    expect(csvFileName("messages", "2026-11-30", "2026-11-30")).toBe("messages-2026-11-30.csv");
  });
});

describe("downloadCsv", () => {
  afterEach(() => vi.restoreAllMocks());

  it("saves a UTF-8 blob under the file name, from a link it removes", async () => {
    let saved: Blob | undefined;
    const create = vi.fn((blob: Blob) => {
      saved = blob;
      return "blob:analytics";
    });
    Object.defineProperty(URL, "createObjectURL", { value: create, configurable: true });
    Object.defineProperty(URL, "revokeObjectURL", { value: vi.fn(), configurable: true });
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    downloadCsv("bots.csv", buildCsv(["Bot"], [["Sales"]]));
    expect(clicks).toHaveLength(1);
    expect(clicks[0]?.download).toBe("bots.csv");
    expect(clicks[0]?.href).toBe("blob:analytics");
    expect(document.querySelector("a[download]")).toBeNull();
    expect(saved?.type).toBe("text/csv;charset=utf-8");
    const buffer = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(saved!);
    });
    const bytes = new Uint8Array(buffer);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
