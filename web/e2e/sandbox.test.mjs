// End to end, sandbox mode: the binary started as the README's run command
// starts it on a fresh machine (an empty folder, only ADMIN_EMAIL and
// ADMIN_PASSWORD), so no Twilio or CloseBot exists anywhere. Sign in, see the
// sandbox banner, open the phone simulator, text the demo bot and get its
// reply (through the real webhooks, outbox and callbacks, against the
// simulated providers inside the binary), then text STOP and get Twilio's
// confirmation. Under the app's Content-Security-Policy; screenshots of the
// simulator at 1440 and 375 px.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { launchBrowser, startLikeReadme } from "./app.mjs";
import { watchCsp } from "./csp.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const GREETING = "Hi, this is Sam with Brightside Solar";

let app;
let browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  app = await startLikeReadme({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  browser = await launchBrowser();
});

const guarded = stopAfterAll(() => ({ browser, app }));

test("a fresh install lands in sandbox mode, and the demo bot answers the phone simulator", { timeout: 120_000 }, guarded(run));

/** The phone's received text that starts with `start` (waits for it). */
async function received(page, start) {
  const bubble = page.locator('[data-testid="phone-text"][data-direction="received"]').filter({ hasText: start });
  await bubble.first().waitFor({ timeout: 20_000 });
  return bubble.first().innerText();
}

async function run() {
  assert.match(await app.logs(), /SANDBOX MODE/, "the log says the app is in sandbox mode");
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const csp = await watchCsp(context);
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await page.goto(`${app.url}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();

  // The banner is on every page; the simulator is in the navigation.
  const banner = page.getByRole("region", { name: "Sandbox mode" });
  assert.match(await banner.innerText(), /texts go to a simulated phone, not real customers/);
  await page.getByRole("link", { name: "Routing" }).click();
  await page.getByRole("heading", { name: "Routing" }).waitFor();
  await banner.waitFor();
  assert.ok(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Phone simulator" }).isVisible());
  await banner.getByRole("link", { name: "Open phone simulator" }).click();
  await page.getByRole("heading", { name: "Phone simulator" }).waitFor();

  // Text the demo bot as a customer; its reply comes back through the real path.
  const composer = page.getByLabel("Text message");
  await composer.fill("Hi, I saw your ad. Can solar lower my bill?");
  await page.getByRole("button", { name: "Send text" }).click();
  assert.match(await received(page, GREETING), /Are you looking to lower your electric bill/);
  // The round trip of this first text is checked in the tracer below.

  await composer.fill("Yes, I want to save on my bill");
  await page.getByRole("button", { name: "Send text" }).click();
  await received(page, "Great! Two quick questions");
  await page.screenshot({ path: `${SHOTS}simulator.png`, fullPage: true });

  // The same conversation is in the dashboard, as any other, and the
  // tracer shows every hop of the first text's round trip through the
  // simulators: the real webhook, forward, callback, send and statuses.
  await page.getByRole("link", { name: "Conversations" }).first().click();
  await page.getByText("+1 (206) 555-0123").first().click();
  const first = page.locator('[data-testid="message-bubble"][data-source="customer"]').filter({ hasText: "Can solar lower my bill?" });
  await first.getByRole("button", { name: "Trace this message" }).click();
  const panel = page.getByRole("dialog", { name: "Message trace" });
  const hop = (kind) => panel.locator(`[data-kind="${kind}"]`).first();
  await panel.locator('[data-kind="statusCallback"]').filter({ hasText: "delivered" }).waitFor();
  assert.match(await hop("webhookReceived").innerText(), /Twilio signature valid/);
  assert.match(await hop("forwardedToBot").innerText(), /Attempt 1 · HTTP 200/);
  assert.match(await hop("botReplyReceived").innerText(), /Bot reply received/);
  assert.match(await hop("sentToTwilio").innerText(), /HTTP 201[\s\S]*SM\w{10,}/);
  assert.equal(await panel.locator('[data-status="failed"]').count(), 0, "no hop failed");
  await page.waitForTimeout(300); // the drawer finishes sliding in
  await page.screenshot({ path: `${SHOTS}sandbox-trace.png` });
  await panel.getByRole("button", { name: "Close message trace" }).click();
  // Back to the simulator, whose address holds the customer's number.
  const simulator = page.getByRole("heading", { name: "Phone simulator" });
  for (let i = 0; i < 3 && !(await simulator.isVisible()); i++) {
    await page.goBack();
    await page.waitForTimeout(300);
  }
  await page.getByRole("heading", { name: "Phone simulator" }).waitFor();

  // STOP: the simulated Twilio confirms it, as Twilio does on a long code.
  await page.getByRole("group", { name: "Quick replies" }).getByRole("button", { name: "STOP" }).click();
  assert.match(await received(page, "You have successfully been unsubscribed"), /Reply START to resubscribe/);
  await page.getByText(/You texted STOP/).waitFor();

  // A small phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole("log").waitFor();
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the simulator is ${width} px wide on a 375 px screen`);
  await page.screenshot({ path: `${SHOTS}simulator-mobile.png`, fullPage: true });

  assert.deepEqual(pageErrors, []);
  csp.assertNone(assert);
  await context.close();
}
