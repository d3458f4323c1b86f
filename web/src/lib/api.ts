/**
 * The one API client: typed from the server's OpenAPI document
 * (`openapi.json` → `api-types.ts`), same-origin cookies, JSON errors turned
 * into `ApiError`, and any 401 sending the user to the login page.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./api-types";

export type Schemas = components["schemas"];
export type ConversationRow = Schemas["ConversationRow"];
export type ConversationPage = Schemas["Page_ConversationRow"];
export type Contact = Schemas["Contact"];
export type Message = Schemas["Message"];
export type Thread = Schemas["Thread"];
export type Route = Schemas["Route"];
export type Me = Schemas["Me"];
export type Stats = Schemas["Stats"];
export type SearchResults = Schemas["SearchResults"];
export type StoredEvent = Schemas["EventItem"];

/** An error answer of the API (`{"error":{"code","message"}}`) or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

function isErrorBody(value: unknown): value is Schemas["ErrorBody"] {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const detail: unknown = value.error;
  return (
    typeof detail === "object" &&
    detail !== null &&
    "message" in detail &&
    typeof detail.message === "string" &&
    "code" in detail &&
    typeof detail.code === "string"
  );
}

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error.code, body.error.message);
  if (status === 429) return new ApiError(status, "too_many_requests", "Too many attempts; wait a moment and try again");
  if (status >= 500) return new ApiError(status, "server_error", "The server ran into a problem; try again");
  return new ApiError(status, "http_error", `The request failed (HTTP ${status})`);
}

let unauthorizedHandler: () => void = () => {
  window.location.assign("/login");
};

/** Called on every 401 except a wrong password (sign-in, password change); the app routes to /login. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Answers whose 401 means a wrong password typed, not a lost session. */
const PASSWORD_CHECKS = ["/api/auth/login", "/api/auth/password"];

const sessionGuard: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !PASSWORD_CHECKS.some((p) => path.startsWith(p))) {
      unauthorizedHandler();
    }
    return undefined;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  credentials: "same-origin",
  // Looked up at call time (tests replace it).
  fetch: (request) => globalThis.fetch(request),
});
api.use(sessionGuard);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an `api.GET/POST…` call: its data, or an `ApiError`. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network_error", "The server could not be reached; check your connection");
  }
  if (!answer.response.ok) throw toApiError(answer.response.status, answer.error);
  return answer.data as T;
}
