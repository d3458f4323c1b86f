// End to end, Settings: the real binary started WITHOUT credentials in its
// environment, fake Twilio and CloseBot, Debian's Chromium. An admin saves
// wrong and right credentials and tests them, connects a number whose texts
// went elsewhere, switches its route off, copies webhook URLs, rotates the
// token and sets up alerts; then adds an agent, who must choose a password
// and sees no admin pages. All under the app's Content-Security-Policy.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { adminClient, launchBrowser, startApp } from "./app.mjs";
import { watchCsp } from "./csp.mjs";
import { watchedContext } from "./session.mjs";
import { startFakeCloseBot, startFakeTwilio, waitFor } from "./fakes.mjs";
import { deliveryFailureArrives, emailAlertsArrive } from "./alert-steps.mjs";
import { startFakeSmtp } from "./fake-smtp.mjs";
import { copyAndRotateUrls, eventually, setUpAlerts } from "./settings-steps.mjs";
import { addAgent, agentSignsIn, removeAgent } from "./team-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_settings_key";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const ELSEWHERE = "https://demo.twilio.com/welcome/sms/reply";
const NUMBER = { sid: `PN${randomBytes(16).toString("hex")}`, phoneNumber: "+15005550006", friendlyName: "Main line", smsUrl: ELSEWHERE };
const SPARE = { sid: `PN${randomBytes(16).toString("hex")}`, phoneNumber: "+15005550009", friendlyName: "Spare", smsUrl: "" };
const SHOWN = "+1 (500) 555-0006";

let twilio;
let closebot;
let smtp;
let app;
let browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [NUMBER, SPARE] });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY });
  smtp = await startFakeSmtp();
  app = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    credentials: false,
    alertBatchSeconds: 1,
  });
  browser = await launchBrowser();
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot, smtp] }));

/** A browser context that may use the clipboard, watched for CSP violations and page errors. */
async function newWatchedContext(viewport = { width: 1440, height: 900 }) {
  const watched = await watchedContext(browser, { viewport });
  await watched.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  return watched;
}

/** Waits for a status line to settle on `tone` and returns its text (both read at once). */
async function statusOf(card, testId, tone) {
  const status = card.getByTestId(testId);
  return eventually(async () => {
    const [now, text] = await status.evaluate((el) => [el.dataset.tone, el.innerText]);
    return now === tone && text;
  }, `${testId} to turn ${tone}`);
}

async function signIn(page, { email, password }) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin connects Twilio and CloseBot, a number and alerts from Settings", { timeout: 150_000 }, guarded(async () => {
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  const route = await admin("/api/routes", {
    method: "POST",
    body: JSON.stringify({ twilioNumber: NUMBER.phoneNumber, closebotSourceId: "src_settings", botName: "Sales bot" }),
  });
  const { context, csp, errors } = await newWatchedContext();
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();

  // --- Twilio: nothing saved yet; a wrong token is saved, tested, and refused in words.
  const twilioCard = page.getByRole("region", { name: "Twilio" });
  assert.match(await twilioCard.getByTestId("twilio-status").innerText(), /Not set up/);
  await twilioCard.getByLabel("Account SID").fill(ACCOUNT_SID);
  await twilioCard.getByLabel("Auth token").fill("not-the-token");
  await twilioCard.getByRole("button", { name: "Save" }).click();
  await page.getByText("Twilio credentials saved", { exact: true }).waitFor();
  assert.match(await statusOf(twilioCard, "twilio-status", "red"), /Authentication failed — check the Account SID and auth token \(error 20003\)/);
  assert.equal(await twilioCard.getByLabel("Auth token").inputValue(), "", "a saved token is never shown again");
  assert.ok(await twilioCard.getByText("set", { exact: true }).isVisible(), "the token is said to be set");
  assert.ok(twilio.requests.some((r) => r.path === `/2010-04-01/Accounts/${ACCOUNT_SID}.json` && !r.authorized), "Twilio was asked with the wrong token");
  const numbersCard = page.getByRole("region", { name: "Phone numbers" });
  await numbersCard.getByText(/Could not read the numbers from Twilio just now: Authentication failed/).waitFor();

  // The right token: Connected, and the numbers appear.
  await twilioCard.getByLabel("Auth token").fill(AUTH_TOKEN);
  await twilioCard.getByRole("button", { name: "Save" }).click();
  assert.match(await statusOf(twilioCard, "twilio-status", "green"), /Connected[\s\S]*Connected to e2e/);
  const checks = () => twilio.requests.filter((r) => r.path === `/2010-04-01/Accounts/${ACCOUNT_SID}.json` && r.authorized).length;
  const before = checks();
  await twilioCard.getByRole("button", { name: "Test connection" }).click();
  await eventually(() => checks() === before + 1, "Test connection to call Twilio again");
  assert.match(await statusOf(twilioCard, "twilio-status", "green"), /Connected/);

  // --- CloseBot: a wrong key, then the right one.
  const closebotCard = page.getByRole("region", { name: "CloseBot" });
  assert.match(await closebotCard.getByTestId("closebot-status").innerText(), /Not set up/);
  await closebotCard.getByLabel("API key").fill("cb_wrong");
  await closebotCard.getByRole("button", { name: "Save" }).click();
  assert.match(await statusOf(closebotCard, "closebot-status", "red"), /CloseBot refused the API key — check it \(HTTP 401\)/);
  await closebotCard.getByLabel("API key").fill(CLOSEBOT_KEY);
  await closebotCard.getByRole("button", { name: "Save" }).click();
  assert.match(await statusOf(closebotCard, "closebot-status", "green"), /Connected[\s\S]*Connected: \d+ bots?/);
  const saved = await admin("/api/settings");
  assert.equal(saved.twilio.accountSid, ACCOUNT_SID);
  assert.equal(saved.twilio.authTokenSet, true);
  assert.equal(saved.closebot.apiKeySet, true);
  assert.doesNotMatch(await page.locator("main").innerText(), new RegExp(`${AUTH_TOKEN}|${CLOSEBOT_KEY}`), "no secret on the page");

  // --- Phone numbers: the one pointing elsewhere warns; Connect names the URL it replaces.
  const inbound = saved.webhookUrls.inbound;
  const row = numbersCard.getByTestId("number-row").filter({ hasText: SHOWN });
  await row.waitFor();
  assert.match(await row.getByTestId("number-warning").innerText(), new RegExp(`Texts go elsewhere: ${ELSEWHERE}`));
  assert.match(await row.innerText(), /Bot: Sales bot/);
  assert.match(await numbersCard.getByTestId("number-row").filter({ hasText: "+1 (500) 555-0009" }).innerText(), /Not routed yet/);
  await row.getByRole("button", { name: `Connect ${SHOWN}` }).click();
  const dialog = page.getByRole("dialog", { name: `Connect ${SHOWN} to this app?` });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`${inbound} instead of ${ELSEWHERE}`));
  assert.equal(twilio.numberUpdates.length, 0, "nothing changes before the confirmation");
  await page.screenshot({ path: `${SHOTS}settings-connect.png` });
  await dialog.getByRole("button", { name: "Connect", exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  const update = await waitFor(twilio.numberUpdates, (u) => u.sid === NUMBER.sid, 10_000, "Twilio to receive the new SmsUrl");
  assert.deepEqual(update, { sid: NUMBER.sid, smsUrl: inbound, smsMethod: "POST" });
  await row.getByText("Texts come to this app").waitFor();
  assert.equal(await row.getByRole("button", { name: `Connect ${SHOWN}` }).count(), 0);
  // Refresh reads Twilio again and agrees.
  await numbersCard.getByRole("button", { name: "Refresh numbers from Twilio" }).click();
  await eventually(async () => (await numbersCard.getByRole("button", { name: "Refresh numbers from Twilio" }).isEnabled()), "the refresh to finish");
  await row.getByText("Texts come to this app").waitFor();

  // The routed number's switch pauses its route.
  const active = row.getByRole("switch", { name: `${SHOWN} active` });
  assert.equal(await active.getAttribute("aria-checked"), "true");
  await active.click();
  await eventually(async () => (await admin(`/api/routes/${route.id}`)).active === false, "the route to be paused");
  await eventually(async () => (await active.getAttribute("aria-checked")) === "false", "the switch to read off");
  assert.match(await row.innerText(), /Paused/);
  await active.click();
  await eventually(async () => (await admin(`/api/routes/${route.id}`)).active === true, "the route to be active again");

  await copyAndRotateUrls(page, { admin, saved });
  await setUpAlerts(page, { admin, number: NUMBER.phoneNumber, adminEmail: ADMIN.email });
  await emailAlertsArrive(page, { smtp, adminEmail: ADMIN.email });

  await page.reload();
  await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
  await statusOf(page.getByRole("region", { name: "Twilio" }), "twilio-status", "green");
  await statusOf(page.getByRole("region", { name: "CloseBot" }), "closebot-status", "green");
  await page.getByTestId("number-row").filter({ hasText: SHOWN }).getByText("Texts come to this app").waitFor();
  await page.screenshot({ path: `${SHOTS}settings.png`, fullPage: true });

  // --- 375 px: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole("button", { name: "Open navigation" }).waitFor();
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= 375, `Settings is ${width} px wide on a 375 px screen`);
  await page.screenshot({ path: `${SHOTS}settings-mobile.png`, fullPage: true });

  assert.deepEqual(errors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
  await context.close();
}));

test("a text Twilio could not deliver reaches the admin as an alert email", { timeout: 90_000 }, guarded(async () => {
  const { context, csp, errors } = await newWatchedContext();
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  await deliveryFailureArrives(page, { app, twilio, smtp, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, number: NUMBER.phoneNumber, adminEmail: ADMIN.email });
  assert.deepEqual(errors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
  await context.close();
}));

test("an admin adds an agent, who must choose a password and cannot open Settings", { timeout: 120_000 }, guarded(async () => {
  const adminSide = await newWatchedContext();
  const page = await adminSide.context.newPage();
  await signIn(page, ADMIN);
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.goto(`${app.url}/settings`);
  const agent = await addAgent(page, { email: "agent@example.com" });

  const agentSide = await newWatchedContext();
  const agentPage = await agentSide.context.newPage();
  await agentSignsIn(agentPage, { app, agent, shots: SHOTS });
  await removeAgent(page, { app, agentPage, email: agent.email });

  for (const side of [adminSide, agentSide]) {
    assert.deepEqual(side.errors, [], "no uncaught errors in the page");
    side.csp.assertNone(assert);
    await side.context.close();
  }
}));

test("credentials set in the environment are shown read-only, with a note", { timeout: 60_000 }, guarded(async () => {
  const managed = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const csp = await watchCsp(context);
    const page = await context.newPage();
    await page.goto(`${managed.url}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.goto(`${managed.url}/settings`);
    const twilioCard = page.getByRole("region", { name: "Twilio" });
    await twilioCard.getByText(/Set in the environment \(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN\)/).waitFor();
    assert.equal(await twilioCard.getByLabel("Account SID").inputValue(), ACCOUNT_SID);
    assert.ok(await twilioCard.getByLabel("Account SID").isDisabled());
    assert.ok(await twilioCard.getByLabel("Auth token").isDisabled());
    assert.equal(await twilioCard.getByRole("button", { name: "Save" }).count(), 0);
    const closebotCard = page.getByRole("region", { name: "CloseBot" });
    await closebotCard.getByText(/Set in the environment \(CLOSEBOT_API_KEY\)/).waitFor();
    assert.ok(await closebotCard.getByLabel("API key").isDisabled());
    assert.match(await statusOf(twilioCard, "twilio-status", "green"), /Connected/);
    csp.assertNone(assert);
    await context.close();
  } finally {
    await managed.stop();
    await managed.cleanup();
  }
}));
