import { ApiError, api, setUnauthorizedHandler, toApiError, unwrap } from "./api";

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("api client", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("turns the JSON error shape into an ApiError carrying the server's sentence", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(
      jsonResponse(409, { error: { code: "contact_opted_out", message: "This customer opted out" } }),
    )));
    const failure = unwrap(
      api.POST("/api/conversations/{contactId}/send", { params: { path: { contactId: "c1" } }, body: { body: "hi" } }),
    );
    await expect(failure).rejects.toMatchObject({ status: 409, code: "contact_opted_out", message: "This customer opted out" });
  });

  it("calls the unauthorized handler on a 401, but not for a failed login", async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(
      jsonResponse(401, { error: { code: "unauthorized", message: "Sign in first" } }),
    )));
    await expect(unwrap(api.GET("/api/auth/me"))).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(unwrap(api.POST("/api/auth/login", { body: { email: "a@b.c", password: "x" } }))).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
    // A wrong current password when changing it is not a lost session either.
    await expect(unwrap(api.POST("/api/auth/password", { body: { currentPassword: "x", newPassword: "y" } }))).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("reports a network failure in words", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(unwrap(api.GET("/api/auth/me"))).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("describes a bare error status", () => {
    expect(toApiError(502, "<html>").message).toMatch(/server/);
    expect(toApiError(429, null).code).toBe("too_many_requests");
  });
});
