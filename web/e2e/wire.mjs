// What the binary actually sends: the JavaScript of a first page load, in
// bytes on the wire (the encoded body, as Chromium received it), per file and
// with its Content-Encoding.
import assert from "node:assert/strict";
import { watchCsp } from "./csp.mjs";

/** Opens `url` in a new page of `context` (use a fresh context: empty cache), waits for `ready(page)`, and returns its JS. */
export async function firstLoadScripts(context, url, ready) {
  const page = await context.newPage();
  const pending = new Set();
  const scripts = [];
  const measuring = [];
  page.on("request", (request) => {
    if (isScript(request)) pending.add(request);
  });
  page.on("requestfinished", (request) => {
    if (!isScript(request)) return;
    measuring.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        const headers = (await response?.allHeaders()) ?? {};
        scripts.push({
          file: new URL(request.url()).pathname,
          wireBytes: sizes.responseBodySize,
          encoding: headers["content-encoding"] ?? "identity",
          vary: headers["vary"] ?? "",
        });
        pending.delete(request);
      })(),
    );
  });
  page.on("requestfailed", (request) => pending.delete(request));
  await page.goto(url);
  await ready(page);
  // Lazy chunks the page asked for while rendering finish too.
  const deadline = Date.now() + 10_000;
  while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(measuring);
  if (pending.size > 0) throw new Error(`scripts still loading: ${[...pending].map((r) => r.url()).join(", ")}`);
  await page.close();
  scripts.sort((a, b) => a.file.localeCompare(b.file));
  return { scripts, total: scripts.reduce((sum, s) => sum + s.wireBytes, 0) };
}

function isScript(request) {
  return new URL(request.url()).pathname.endsWith(".js");
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** One line per file and the total, for the test's output. */
export function report(label, { scripts, total }) {
  const lines = scripts.map((s) => `  ${kib(s.wireBytes).padStart(10)}  ${s.encoding.padEnd(8)} ${s.file}`);
  return `JS on the wire, first load of ${label}: ${kib(total)} (${total} bytes)\n${lines.join("\n")}`;
}

/**
 * Budgets for the JS of a first load, bytes on the wire. Measured: /login
 * 119.2 KiB, / (signed in) 152.2 KiB (before: 528 KiB each, uncompressed); ~15 % margin.
 */
export const BUDGETS = { "/login": 138 * 1024, "/": 175 * 1024 };

/** A fresh context for each page (nothing cached), made by `newContext`; `/` signed in as `credentials`. */
export async function measureFirstLoads(newContext, appUrl, credentials) {
  const login = await newContext();
  const signIn = await firstLoadScripts(login, `${appUrl}/login`, (page) => page.getByRole("heading", { name: "Sign in" }).waitFor());
  await login.close();

  const res = await fetch(`${appUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(credentials),
  });
  if (!res.ok) throw new Error(`sign-in for the measurement failed: ${res.status}`);
  const [name, ...value] = res.headers.get("set-cookie").split(";")[0].split("=");
  const signedIn = await newContext();
  await signedIn.addCookies([{ name, value: value.join("="), url: appUrl }]);
  const dashboard = await firstLoadScripts(signedIn, `${appUrl}/`, (page) => page.getByRole("heading", { name: "Dashboard" }).waitFor());
  await signedIn.close();
  return { "/login": signIn, "/": dashboard };
}

/**
 * The sign-in page and the dashboard, each loaded fresh: every script comes
 * brotli-compressed with `Vary: Accept-Encoding`, the total stays within its
 * budget, the sign-in page loads none of the dashboard's code, and nothing
 * breaks the Content-Security-Policy. Prints the figures.
 */
export async function checkFirstLoads(browser, appUrl, credentials) {
  const watched = [];
  const newContext = async () => {
    const context = await browser.newContext();
    watched.push(await watchCsp(context));
    return context;
  };
  const loads = await measureFirstLoads(newContext, appUrl, credentials);
  for (const [path, load] of Object.entries(loads)) {
    console.log(report(path, load));
    for (const script of load.scripts) {
      assert.equal(script.encoding, "br", `${script.file} must be sent compressed`);
      assert.match(script.vary, /accept-encoding/i, `${script.file} varies by Accept-Encoding`);
    }
    assert.ok(load.total <= BUDGETS[path], `${path} sends ${load.total} bytes of JS, over its budget of ${BUDGETS[path]}`);
  }
  const files = (path) => loads[path].scripts.map((s) => s.file).join(" ");
  assert.doesNotMatch(files("/login"), /AppLayout|DashboardPage|ConversationsPage/, "the sign-in page loads none of the dashboard");
  assert.match(files("/"), /DashboardPage/);
  for (const csp of watched) csp.assertNone(assert);
}
