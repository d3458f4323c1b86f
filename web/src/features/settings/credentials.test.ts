import { closebotDraft, connectionStatus, secretPlaceholder, twilioDraft } from "./credentials";

const SID = "AC0123456789abcdef0123456789abcdef";
const fresh = { accountSid: null, authTokenSet: false, fromEnvironment: false };

describe("twilioDraft", () => {
  it("sends nothing when nothing changed", () => {
    expect(twilioDraft({ accountSid: SID, authToken: "" }, { ...fresh, accountSid: SID, authTokenSet: true })).toBeNull();
    expect(twilioDraft({ accountSid: "", authToken: "  " }, fresh)).toBeNull();
  });

  it("needs both the SID and the token the first time", () => {
    expect(twilioDraft({ accountSid: SID, authToken: "" }, fresh)).toEqual({ error: "Enter the auth token too." });
    expect(twilioDraft({ accountSid: "", authToken: "tok" }, fresh)?.error).toMatch(/Account SID/);
    expect(twilioDraft({ accountSid: ` ${SID} `, authToken: " tok " }, fresh)).toEqual({ change: { accountSid: SID, authToken: "tok" } });
  });

  it("refuses a SID that is not AC and 32 hex characters", () => {
    expect(twilioDraft({ accountSid: "AC123", authToken: "tok" }, fresh)?.error).toMatch(/AC followed by 32/);
    expect(twilioDraft({ accountSid: `${SID.slice(0, -1)}z`, authToken: "tok" }, fresh)?.error).toMatch(/AC followed by 32/);
  });

  it("replaces only the token when only the token was typed", () => {
    expect(twilioDraft({ accountSid: SID, authToken: "new" }, { ...fresh, accountSid: SID, authTokenSet: true })).toEqual({ change: { authToken: "new" } });
  });

  it("keeps the saved token when only the SID changes", () => {
    const other = SID.replace("AC0", "AC9");
    expect(twilioDraft({ accountSid: other, authToken: "" }, { ...fresh, accountSid: SID, authTokenSet: true })).toEqual({ change: { accountSid: other } });
  });
});

describe("closebotDraft", () => {
  it("sends a typed key, trimmed, and nothing for an empty field", () => {
    expect(closebotDraft("  cb_key ")).toEqual({ change: { apiKey: "cb_key" } });
    expect(closebotDraft("   ")).toBeNull();
  });
});

describe("secretPlaceholder", () => {
  it("says a saved secret is set without showing it", () => {
    expect(secretPlaceholder(true, "auth token")).toMatch(/^•+ set/);
    expect(secretPlaceholder(false, "auth token")).toBe("Paste the auth token");
  });
});

describe("connectionStatus", () => {
  it("is green with Connected when the provider answered", () => {
    expect(connectionStatus({ configured: true, checking: false, result: { ok: true, message: "Connected to e2e (active)" } })).toEqual({
      tone: "green",
      label: "Connected",
      detail: "Connected to e2e (active)",
    });
  });

  it("is red with the provider's words when it refused", () => {
    const message = "Authentication failed — check the Account SID and auth token (error 20003)";
    expect(connectionStatus({ configured: true, checking: false, result: { ok: false, message } })).toEqual({ tone: "red", label: "Not connected", detail: message });
  });

  it("says not set up before any credentials, and testing while it runs", () => {
    expect(connectionStatus({ configured: false, checking: true, result: { ok: true, message: "old" } }).label).toBe("Not set up");
    expect(connectionStatus({ configured: true, checking: true, result: { ok: true, message: "old" } }).tone).toBe("pending");
  });

  it("is not tested, with the reason, when the check itself failed", () => {
    expect(connectionStatus({ configured: true, checking: false, result: undefined, failure: "The server could not be reached" })).toEqual({
      tone: "gray",
      label: "Not tested",
      detail: "The server could not be reached",
    });
  });
});
