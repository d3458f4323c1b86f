// End to end: the real binary, fake Twilio and CloseBot, Debian's Chromium.
// Log in, watch an inbound SMS arrive live on the Dashboard and in
// Conversations, get a bot reply, take over by hand, and resume the bot —
// all under the app's Content-Security-Policy, failing on any violation.
// Then the JavaScript a first load costs, in bytes on the wire.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { chromium } from "playwright-core";
import { adminClient, postInboundSms, postStatus, startApp } from "./app.mjs";
import { injectInlineScript, watchCsp } from "./csp.mjs";
import { startFakeCloseBot, startFakeTwilio, waitFor } from "./fakes.mjs";
import { narrowScreens } from "./narrow.mjs";
import { checkFirstLoads } from "./wire.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_test";
const ADMIN = { email: "admin@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const NUMBER = "+15005550006";
const CUSTOMER = "+15551234567";
const CUSTOMER_SHOWN = "+1 (555) 123-4567";
const XSS = "<img src=x onerror=alert(1)>";

let twilio;
let closebot;
let app;
let browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY, bookings: 3 });
  app = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** Polls until `fn` returns a truthy value. */
async function eventually(fn, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a user follows a conversation live, takes it over and hands it back", { timeout: 150_000 }, guarded(run));

async function run() {
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  const route = await admin("/api/routes", {
    method: "POST",
    body: JSON.stringify({ twilioNumber: NUMBER, closebotSourceId: "src_e2e", botName: "Sales bot" }),
  });
  assert.equal(route.twilioNumber, NUMBER);
  const settings = await admin("/api/settings");
  const responseUrl = settings.webhookUrls.response;

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const csp = await watchCsp(context);
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  // --- Login: every page sends a stranger to the login form.
  await page.goto(`${app.url}/conversations`);
  await page.waitForURL(/\/login/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.screenshot({ path: `${SHOTS}login.png`, fullPage: true });

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /email or password is incorrect/i);

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.url}/conversations`);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();

  // The session survives a reload.
  await page.reload();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("status", { name: "Live updates: Live" }).waitFor({ timeout: 15_000 });

  // Bookings come from CloseBot's agency summary.
  await eventually(async () => (await page.getByTestId("stat-Bookings Made").innerText()).trim() === "3", "the bookings card to show 3");

  // --- An inbound SMS appears on the Dashboard live, without a reload.
  await page.evaluate(() => {
    globalThis.__sameDocument = true;
  });
  const firstBody = "Hi! Is the kitchen remodel offer still on?";
  await postInboundSms(app, AUTH_TOKEN, { from: CUSTOMER, to: NUMBER, body: firstBody, accountSid: ACCOUNT_SID });
  const liveRow = page.getByTestId("activity-row").filter({ hasText: firstBody });
  await liveRow.waitFor({ timeout: 15_000 });
  assert.match(await liveRow.innerText(), new RegExp(CUSTOMER_SHOWN.replace(/[()+]/g, "\\$&")));
  assert.match(await liveRow.innerText(), /Sales bot/);
  assert.equal(await page.evaluate(() => globalThis.__sameDocument), true, "the dashboard must not reload");
  // One event, one row: the new contact's first text is the row, marked as a new lead, waiting for an answer.
  assert.equal(await page.getByTestId("activity-row").count(), 1);
  assert.equal(await liveRow.getAttribute("data-new-lead"), "true");
  assert.equal(await liveRow.getAttribute("data-state"), "pending");
  assert.match(await liveRow.innerText(), /New lead[\s\S]*Pending/);

  const forwarded = await waitFor(closebot.events, (e) => e.message === firstBody, 15_000, "CloseBot to receive the inbound SMS");
  assert.equal(forwarded.type, "message");
  assert.equal(forwarded.contactId, CUSTOMER);
  assert.equal(forwarded.sourceId, "src_e2e");
  assert.ok(forwarded.state && typeof forwarded.state === "object", "state is an object");

  // A hostile body is shown as text.
  await postInboundSms(app, AUTH_TOKEN, { from: CUSTOMER, to: NUMBER, body: XSS, accountSid: ACCOUNT_SID });
  await page.getByTestId("activity-row").filter({ hasText: XSS }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator("main img").count(), 0, "no <img> from a message body");
  await eventually(async () => Number((await page.getByTestId("stat-Messages Today").innerText()).trim()) >= 2, "Messages Today to count the texts");
  await page.screenshot({ path: `${SHOTS}dashboard.png`, fullPage: true });

  // --- Conversations: the conversation with its unread badge, updated live.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Conversations" }).click();
  const row = page.getByTestId("conversation-row").filter({ hasText: CUSTOMER_SHOWN });
  await row.waitFor();
  await eventually(async () => (await row.getByTestId("unread-badge").innerText()).trim() === "2", "an unread badge of 2");
  const thirdBody = "Also, do you work weekends?";
  await postInboundSms(app, AUTH_TOKEN, { from: CUSTOMER, to: NUMBER, body: thirdBody, accountSid: ACCOUNT_SID });
  await eventually(async () => (await row.getByTestId("unread-badge").innerText()).trim() === "3", "the badge to reach 3 live");
  assert.match(await row.innerText(), /do you work weekends/);

  // Opening it clears the badge, and the thread shows the messages as text.
  await row.click();
  await page.waitForURL(/\/conversations\/[^/]+$/);
  await page.getByTestId("message-bubble").filter({ hasText: thirdBody }).waitFor();
  await eventually(async () => (await row.getByTestId("unread-badge").count()) === 0, "the unread badge to clear");
  const xssBubble = page.getByTestId("message-bubble").filter({ hasText: XSS });
  await xssBubble.waitFor();
  assert.equal(await xssBubble.locator("img").count(), 0);
  const contactId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
  const thread = await admin(`/api/conversations/${encodeURIComponent(contactId)}`);
  assert.equal(thread.contact.unreadCount, 0, "the server knows it was read");

  // --- A bot reply, delivered through CloseBot's callback, appears live.
  const latestState = closebot.events.at(-1).state;
  const botText = "Yes! The remodel offer runs until Friday. Want a free estimate?";
  const cb = await fetch(responseUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: botText, state: latestState }),
  });
  assert.ok(cb.ok, `CloseBot callback answered ${cb.status}: ${await cb.text()}`);
  const botBubble = page.locator('[data-testid="message-bubble"][data-source="bot"]').filter({ hasText: botText });
  await botBubble.waitFor({ timeout: 15_000 });
  const botSms = await waitFor(twilio.messages, (m) => m.body === botText, 15_000, "Twilio to receive the bot reply");
  assert.equal(botSms.to, CUSTOMER);
  assert.equal(botSms.from, NUMBER);
  // Its delivery report arrives live too.
  await postStatus(app, AUTH_TOKEN, { messageSid: botSms.sid, accountSid: ACCOUNT_SID, status: "delivered" });
  await eventually(async () => /Delivered/.test(await botBubble.locator("xpath=..").innerText()), "the bot reply to show Delivered");

  // --- Manual reply: the segment counter, the send, the takeover.
  const mode = page.getByTestId("mode-indicator");
  assert.equal(await mode.getAttribute("data-mode"), "bot");
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill("a".repeat(142));
  assert.equal((await page.getByTestId("segment-counter").innerText()).trim(), "142 / 160 · 1 segment · GSM-7");
  await input.fill("Hola 😀");
  assert.match(await page.getByTestId("segment-counter").innerText(), /Unicode/);
  const manualText = "Hi, this is Sam from the team. I can come by Saturday at 10.";
  await input.fill(manualText);
  await page.getByRole("button", { name: "Send message" }).click();
  await page.locator('[data-testid="message-bubble"][data-source="manual"]').filter({ hasText: manualText }).waitFor({ timeout: 15_000 });
  await eventually(async () => (await mode.getAttribute("data-mode")) === "human", "the Human indicator");
  assert.equal(await input.inputValue(), "", "the composer clears after sending");
  const manualSms = await waitFor(twilio.messages, (m) => m.body === manualText, 15_000, "Twilio to receive the manual reply");
  assert.equal(manualSms.to, CUSTOMER);
  assert.equal(manualSms.from, NUMBER);
  assert.equal(manualSms.accountSid, ACCOUNT_SID);
  await page.screenshot({ path: `${SHOTS}conversations.png`, fullPage: true });

  // --- Resume the bot.
  await page.getByRole("button", { name: "Resume bot" }).click();
  await eventually(async () => (await mode.getAttribute("data-mode")) === "bot", "Bot mode after resuming");
  assert.equal((await admin(`/api/conversations/${encodeURIComponent(contactId)}`)).contact.mode, "bot");

  // A failed delivery is explained in words, live.
  await postStatus(app, AUTH_TOKEN, { messageSid: manualSms.sid, accountSid: ACCOUNT_SID, status: "undelivered", errorCode: "30006" });
  const failure = page.getByTestId("message-bubble").filter({ hasText: manualText }).getByRole("alert");
  await failure.waitFor({ timeout: 15_000 });
  assert.match(await failure.innerText(), /landline.*30006/i);

  // --- Global search finds message text and opens the conversation.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("combobox", { name: "Search contacts and messages" }).fill("weekends");
  const hit = page.getByRole("option").filter({ hasText: "do you work weekends" });
  await hit.waitFor({ timeout: 15_000 });
  await hit.click();
  await page.waitForURL(new RegExp(`/conversations/${encodeURIComponent(contactId)}$`));
  await page.getByTestId("message-bubble").filter({ hasText: thirdBody }).waitFor();

  // --- An opted-out contact, opened from its Dashboard row: the input is replaced by the reason.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const quitter = "+15559876543";
  await postInboundSms(app, AUTH_TOKEN, { from: quitter, to: NUMBER, body: "STOP", accountSid: ACCOUNT_SID });
  const stopRow = page.getByTestId("activity-row").filter({ hasText: "“STOP”" });
  await stopRow.waitFor({ timeout: 15_000 });
  await eventually(async () => (await stopRow.getAttribute("data-state")) === "closed", "the opted-out conversation to read closed");
  await stopRow.locator("td").nth(3).click();
  await page.waitForURL(/\/conversations\/[^/]+$/);
  assert.notEqual(decodeURIComponent(new URL(page.url()).pathname.split("/").pop()), contactId);
  await page.getByText("Messaging is disabled: this contact opted out.").waitFor({ timeout: 15_000 });
  assert.match(await page.getByRole("status").filter({ hasText: "opted out" }).innerText(), /STOP/);
  assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0);
  // The list, last shown before that text arrived, is current again (no stale cache).
  await page.getByTestId("conversation-row").filter({ hasText: "+1 (555) 987-6543" }).waitFor();
  await page.getByTestId("conversation-row").filter({ hasText: CUSTOMER_SHOWN }).click();
  await page.getByTestId("message-bubble").filter({ hasText: thirdBody }).waitFor();

  // --- Narrow screens: the sidebar collapses; list and thread take turns.
  await narrowScreens(page, { row, shots: SHOTS });

  // --- Logout: the session is gone and pages send back to the login form.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto(`${app.url}/`);
  await page.waitForURL(/\/login/);

  assert.deepEqual(dialogs, [], "no dialog may open (a message body ran as HTML)");
  assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
  // The policy is enforced, and a violation would have been heard.
  assert.equal(await injectInlineScript(page), false, "an injected inline script must not run");
  assert.ok(csp.violations.some((v) => /script-src/.test(v.directive ?? v.text)), "the blocked script is reported");
  await context.close();
}

test("a first load sends little JavaScript, compressed with brotli", { timeout: 60_000 }, async () => {
  await checkFirstLoads(browser, app.url, ADMIN);
});
