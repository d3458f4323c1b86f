// End to end, the round-trip tracer: the real binary, fake Twilio and
// CloseBot, Debian's Chromium. A customer's text (delivered twice by
// "Twilio") goes to the bot, the bot's reply goes out and is delivered; the
// tracer in the conversation shows every hop with its time in the business's
// time zone, the gaps between hops, the duplicate, the SID and the statuses,
// at 1440 and 375 px. A text from an opted-out contact shows why it was not
// forwarded. All under the app's Content-Security-Policy.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { adminClient, launchBrowser, postInboundSms, postStatus, startApp, twilioSignature } from "./app.mjs";
import { watchCsp } from "./csp.mjs";
import { signIn } from "./session.mjs";
import { startFakeCloseBot, startFakeTwilio, waitFor } from "./fakes.mjs";
import { eventually } from "./settings-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_trace_key";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const NUMBER = "+15005550006";
const CUSTOMER = "+15551230777";
const QUITTER = "+15551230778";
const ZONE = "America/New_York";
const TEXT = "Hi! Do you have anything open Saturday <b>morning</b>?";
const REPLY = "We do! Saturday 9:30 or 11:00 — which suits you?";
const ALL_DAY = { start: "00:00", end: "24:00" };

let twilio;
let closebot;
let app;
let browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY });
  app = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  browser = await launchBrowser();
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** Posts the same inbound webhook Twilio would, `times` times (Twilio retries when it gets no answer). */
async function textIn(body, times) {
  const params = { MessageSid: `SM${randomBytes(16).toString("hex")}`, AccountSid: ACCOUNT_SID, From: CUSTOMER, To: NUMBER, Body: body, NumMedia: "0" };
  const endpoint = `${app.url}/api/webhooks/twilio/inbound`;
  for (let i = 0; i < times; i += 1) {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilioSignature(AUTH_TOKEN, endpoint, params) },
      body: new URLSearchParams(params).toString(),
    });
    assert.equal(res.status, 200);
  }
}

/** A whole round trip through the fakes: the text (twice), the bot's reply, its delivery. */
async function roundTrip(admin) {
  const week = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ALL_DAY]));
  await admin("/api/routes", {
    method: "POST",
    body: JSON.stringify({ twilioNumber: NUMBER, closebotSourceId: "src_trace", botName: "Sales bot", businessHours: { timezone: ZONE, ...week } }),
  });
  const { webhookUrls } = await admin("/api/settings");
  await textIn(TEXT, 2);
  const forwarded = await waitFor(closebot.events, (e) => e.message === TEXT, 15_000, "CloseBot to receive the text");
  const reply = await fetch(webhookUrls.response, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: REPLY, state: forwarded.state }),
  });
  assert.ok(reply.ok, `the bot's reply answered ${reply.status}`);
  const sms = await waitFor(twilio.messages, (m) => m.body === REPLY, 15_000, "Twilio to receive the reply");
  const list = await admin(`/api/conversations?search=${encodeURIComponent(CUSTOMER)}`);
  const contactId = list.items[0].contactId;
  await eventually(async () => (await admin(`/api/conversations/${contactId}`)).messages[1]?.twilioSid === sms.sid, "the reply to carry its SID");
  for (const status of ["sent", "delivered"]) await postStatus(app, AUTH_TOKEN, { messageSid: sms.sid, accountSid: ACCOUNT_SID, status });
  const textId = (await admin(`/api/conversations/${contactId}`)).messages[0].id;
  const trace = await eventually(async () => {
    const t = await admin(`/api/messages/${textId}/trace`);
    return t.hops.length === 10 ? t : null;
  }, "the trace to hold all ten hops");
  return { contactId, sms, trace };
}

const newYorkTime = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, hour: "numeric", minute: "2-digit", second: "2-digit" });

test("the tracer shows a real round trip hop by hop, on a desktop and a phone", { timeout: 150_000 }, guarded(run));

async function run() {
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  const { contactId, sms, trace } = await roundTrip(admin);
  // Twilio's second delivery comes in while the first is on its way (its place among the hops is its arrival).
  assert.deepEqual(
    trace.hops.filter((h) => !h.duplicate).map((h) => h.kind),
    ["webhookReceived", "stored", "queuedForBot", "forwardedToBot", "botReplyReceived", "queuedForSend", "sentToTwilio", "statusCallback", "statusCallback"],
  );
  assert.equal(trace.hops.filter((h) => h.duplicate).length, 1);
  // An opted-out contact's text, to see a reason in words.
  await postInboundSms(app, AUTH_TOKEN, { from: QUITTER, to: NUMBER, body: "STOP", accountSid: ACCOUNT_SID });
  await postInboundSms(app, AUTH_TOKEN, { from: QUITTER, to: NUMBER, body: "Wait, one more question", accountSid: ACCOUNT_SID });

  // The browser's own zone differs from the business's: times must follow the business.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "Asia/Tokyo" });
  const csp = await watchCsp(context);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await signIn(page, app.url, ADMIN);
  await page.goto(`${app.url}/conversations/${encodeURIComponent(contactId)}`);

  const bubble = page.locator('[data-testid="message-bubble"][data-source="customer"]');
  await bubble.waitFor();
  assert.equal(await bubble.locator("b").count(), 0, "the message is shown as text");
  await bubble.getByRole("button", { name: "Trace this message" }).click();
  const panel = page.getByRole("dialog", { name: "Message trace" });
  await panel.waitFor();
  const hops = panel.getByTestId("trace-hop");
  await eventually(async () => (await hops.count()) === 10, "the panel to show ten hops");
  await panel.getByText(`times in ${ZONE}`).waitFor();

  const texts = await hops.allInnerTexts();
  const of = (kind) => panel.locator(`[data-kind="${kind}"]`);
  assert.match(texts[0], /Webhook received/);
  assert.match(texts[0], /Twilio signature valid/);
  assert.ok(texts[0].includes(newYorkTime.format(new Date(trace.hops[0].at))), `the first hop's time in ${ZONE}: ${texts[0]}`);
  assert.equal(await of("webhookReceived").filter({ hasText: "Webhook received again (duplicate)" }).count(), 1);
  assert.match(await of("forwardedToBot").innerText(), /Forwarded to CloseBot[\s\S]*Attempt 1 · HTTP 200 · took \d+ ms/);
  assert.match(await of("botReplyReceived").innerText(), /Bot reply received/);
  const sent = await of("sentToTwilio").innerText();
  assert.match(sent, /Sent to Twilio[\s\S]*HTTP 201/);
  assert.ok(sent.includes(sms.sid), "the SID Twilio gave");
  assert.deepEqual(
    (await of("statusCallback").allInnerTexts()).map((t) => t.split("\n")[0].replace(/ · Done$/, "")),
    ["Status callback: sent", "Status callback: delivered"],
  );
  assert.ok(texts.slice(1).every((t) => /\+\d/.test(t)), "each hop after the first says how long after the previous one it came");
  assert.equal(await panel.locator('[data-status="ok"]').count(), 10);
  const headings = await panel.getByTestId("trace-message").allInnerTexts();
  assert.match(headings[0], /Customer's text \(this message\)/i);
  assert.ok(headings[0].includes(TEXT), "the text, as text");
  assert.match(headings[1], /Bot reply/i);
  await page.waitForTimeout(300); // the drawer finishes sliding in
  await page.screenshot({ path: `${SHOTS}tracer.png` });

  // A phone: the panel takes the whole screen and nothing is wider than it.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(200);
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width} px wide on a 375 px screen`);
  const box = await panel.boundingBox();
  assert.ok(box && box.width <= 375 && box.x >= 0, `the panel fits the screen: ${JSON.stringify(box)}`);
  await page.screenshot({ path: `${SHOTS}tracer-mobile.png` });
  await panel.getByRole("button", { name: "Close message trace" }).click();
  await panel.waitFor({ state: "hidden" });

  // Why a step did not happen, in words.
  await page.setViewportSize({ width: 1440, height: 900 });
  const quitter = await admin(`/api/conversations?search=${encodeURIComponent(QUITTER)}`);
  await page.goto(`${app.url}/conversations/${encodeURIComponent(quitter.items[0].contactId)}`);
  const later = page.locator('[data-testid="message-bubble"]').filter({ hasText: "Wait, one more question" });
  await later.getByRole("button", { name: "Trace this message" }).click();
  const skipped = page.getByRole("dialog", { name: "Message trace" }).locator('[data-kind="queuedForBot"]');
  await skipped.waitFor();
  assert.equal(await skipped.getAttribute("data-status"), "skipped");
  assert.match(await skipped.innerText(), /Not forwarded: the contact opted out \(STOP at \d{1,2}:\d{2}:\d{2} [AP]M\)/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}tracer-opted-out.png` });

  assert.deepEqual(problems, [], "no page errors, no dialogs (a message body ran as HTML)");
  csp.assertNone(assert);
  await context.close();
}
