import { jsonResponse } from "./render";

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (body: unknown, url: URL) => Response | Promise<Response>;

/**
 * Replaces `fetch` with a table of answers keyed "METHOD /path" (a value is
 * answered as 200 JSON); records every call. Unknown paths answer 404.
 */
export function fakeApi(routes: Record<string, Handler | object>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = await request.text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      calls.push({ method: request.method, path: url.pathname, body });
      const route = routes[`${request.method} ${url.pathname}`];
      if (route === undefined) return jsonResponse(404, { error: { code: "not_found", message: `no fake for ${request.method} ${url.pathname}` } });
      return typeof route === "function" ? (route as Handler)(body, url) : jsonResponse(200, route);
    }),
  );
  return calls;
}
