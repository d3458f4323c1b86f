// End to end, Bots: the real binary, fake Twilio and CloseBot, Debian's
// Chromium. An admin sees CloseBot's bots with our routes and figures,
// expands a card, switches a bot's routes off (a text then reaches no bot)
// and on again, and creates a bot with CloseBot's AI; an agent sees the page
// read-only; with CloseBot unreachable the page says so and still shows the
// bots our routes name. All under the app's Content-Security-Policy.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { adminClient, launchBrowser, postInboundSms, startApp } from "./app.mjs";
import { agentSeesBotsReadOnly, assertFits, card, createBotWithAi, deadPort, expandCard, switchRoutesOffAndOn } from "./bots-steps.mjs";
import { watchCsp } from "./csp.mjs";
import { signIn as signInAs, watchedContext } from "./session.mjs";
import { startFakeCloseBot, startFakeTwilio, waitFor } from "./fakes.mjs";
import { eventually } from "./settings-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_bots_key";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const MAIN = "+15005550006";
const SECOND = "+15005550007";
const ZONE = "America/New_York";
const BOTS = [
  { id: "bot_sales", name: "Sales bot", followUpActive: true, sources: [{ id: "src_sales", name: "Sales SMS", enabled: true }, { id: "src_sales_2", name: "Sales SMS (second line)", enabled: false }] },
  { id: "bot_support", name: "Support bot", sources: [] },
  { id: "bot_after_hours", name: "After-hours bot", category: "GHL", sources: [{ id: "src_web", name: "Website chat", category: "GHL", enabled: true }] },
];

let twilio;
let closebot;
let app;
let browser;
let routes = [];

async function routeTo(admin, twilioNumber, closebotSourceId) {
  return admin("/api/routes", { method: "POST", body: JSON.stringify({ twilioNumber, closebotSourceId, closebotBotId: "bot_sales", botName: "Sales bot" }) });
}

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY, bots: BOTS, bookingsBySource: { src_sales: 1, src_sales_2: 0 }, aiDelayMs: 1500 });
  app = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  routes = [await routeTo(admin, MAIN, "src_sales"), await routeTo(admin, SECOND, "src_sales_2")];
  // Three customers text the main number: three conversations this month, each forwarded.
  for (const n of [1, 2, 3]) {
    await postInboundSms(app, AUTH_TOKEN, { from: `+1555000000${n}`, to: MAIN, body: `Hello from customer ${n}`, accountSid: ACCOUNT_SID });
  }
  for (const n of [1, 2, 3]) await waitFor(closebot.events, (e) => e.message === `Hello from customer ${n}`, 15_000, `text ${n} to reach CloseBot`);
  browser = await launchBrowser();
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** A browser context watched for CSP violations and page errors, in the given time zone. */
async function newWatchedContext(viewport = { width: 1440, height: 900 }) {
  return watchedContext(browser, { viewport, timezoneId: ZONE });
}

async function signIn(page, url) {
  await signInAs(page, url, ADMIN);
}

test("an admin sees the bots with their figures, opens a card and switches a bot's routes off and on", { timeout: 150_000 }, guarded(async () => {
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  const { context, csp, errors } = await newWatchedContext();
  const page = await context.newPage();
  await signIn(page, app.url);
  const asked = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/bots");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bots" }).click();
  await page.getByRole("heading", { name: "Bot Management" }).waitFor();
  assert.equal(new URL((await asked).url()).searchParams.get("timezone"), null, "the 7-day series follows the business's time zone, not the browser's");

  // The grid: three columns on a desktop, names A–Z.
  const sales = card(page, "Sales bot");
  await sales.waitFor();
  const names = await page.getByRole("article").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));
  assert.deepEqual(names, ["After-hours bot", "Sales bot", "Support bot"]);
  const columns = await page.getByTestId("bot-grid").evaluate((el) => globalThis.getComputedStyle(el).gridTemplateColumns.split(" ").length);
  assert.equal(columns, 3);
  assert.equal(await page.getByTestId("bots-error").count(), 0, "CloseBot answered: no banner");

  // The Sales bot: both numbers, our figures, conversion from its two sources' bookings.
  assert.match(await sales.getByRole("list", { name: "Numbers of Sales bot" }).innerText(), /\+1 \(500\) 555-0006[\s\S]*\+1 \(500\) 555-0007/);
  assert.equal(await sales.getByTestId("bot-messages").innerText(), "3");
  const conversion = sales.getByTestId("bot-conversion");
  assert.match(await conversion.innerText(), /^33%/);
  assert.match(await conversion.getAttribute("aria-label"), /^33%: 1 booking ÷ 3 conversations this month\. Bookings: CloseBot's agency summary for this month, per source \(2 sources\)$/);
  assert.ok(closebot.summaries.includes("src_sales") && closebot.summaries.includes("src_sales_2"), "bookings were asked per route source");
  assert.match(await sales.getByTestId("bot-last-active").innerText(), /^(just now|\dm ago)$/);
  assert.equal(await sales.getAttribute("data-active"), "true");
  // A bot with no route: dimmed, its switch disabled with the reason.
  const support = card(page, "Support bot");
  assert.equal(await support.getAttribute("data-active"), "false");
  assert.ok(Number(await support.evaluate((el) => globalThis.getComputedStyle(el).opacity)) < 0.8, "an inactive bot is dimmed");
  assert.ok(await support.getByRole("switch", { name: "Support bot active" }).isDisabled());
  assert.equal(await support.getByTestId("bot-last-active").innerText(), "Never");
  // Stable colours: the same bot has the same colour after a reload.
  const colours = async () => page.getByRole("article").evaluateAll((els) => els.map((el) => el.dataset.color));
  const before = await colours();
  await page.screenshot({ path: `${SHOTS}bots.png`, fullPage: true });

  // Search and sort (kept in the address).
  await page.getByRole("searchbox", { name: "Search bots" }).fill("SUPP");
  await eventually(async () => (await page.getByRole("article").count()) === 1, "the search to leave one bot");
  await page.getByRole("searchbox", { name: "Search bots" }).fill("");
  // Cleared (in the address too) before the sort changes, as a person would see it.
  await eventually(async () => (await page.getByRole("article").count()) === 3 && !new URL(page.url()).searchParams.has("q"), "the cleared search to show every bot");
  await page.getByRole("combobox", { name: "Sort bots" }).selectOption("messages");
  await page.waitForURL(/sort=messages/);
  await eventually(async () => (await page.getByRole("article").first().getAttribute("aria-label")) === "Sales bot", "the most messages to come first");
  await page.reload();
  await sales.waitFor();
  assert.equal(await page.getByRole("combobox", { name: "Sort bots" }).inputValue(), "messages");
  assert.deepEqual((await colours()).sort(), [...before].sort());

  const opened = await expandCard(page, { name: "Sales bot", botId: "bot_sales", source: "Sales SMS", week: "3 messages in the last 7 days" });
  await page.mouse.move(0, 0);
  await opened.screenshot({ path: `${SHOTS}bots-card-expanded.png` });

  const twilioSide = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
  await switchRoutesOffAndOn(page, { admin, app, twilio: twilioSide, closebot, name: "Sales bot", routeIds: routes.map((r) => r.id), number: MAIN, customer: "+15550000009", shots: SHOTS });

  // 375 px: one column, nothing wider than the screen (toasts put away for the picture).
  const dismiss = page.getByRole("button", { name: "Dismiss notification" });
  for (let i = 0; i < 5 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
  await eventually(async () => (await dismiss.count()) === 0, "the toasts to go");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole("button", { name: "Open navigation" }).waitFor();
  assert.equal(await page.getByTestId("bot-grid").evaluate((el) => globalThis.getComputedStyle(el).gridTemplateColumns.split(" ").length), 1);
  await assertFits(page, "the Bots page");
  await page.screenshot({ path: `${SHOTS}bots-mobile.png`, fullPage: true });

  assert.deepEqual(errors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
  await context.close();
}));

test("an admin creates a bot with CloseBot's AI and sees it appear; an agent sees the page read-only", { timeout: 120_000 }, guarded(async () => {
  const admin = await adminClient(app, ADMIN.email, ADMIN.password);
  const { context, csp, errors } = await newWatchedContext();
  const page = await context.newPage();
  await signIn(page, app.url);
  await page.goto(`${app.url}/bots`);
  await card(page, "Sales bot").waitFor();
  const description = "Books roof inspections for homeowners in Austin. Friendly, short texts; asks for the address and a good time.";
  await createBotWithAi(page, { closebot, name: "Roofing quotes", description, shots: SHOTS });
  assert.deepEqual((await admin("/api/bots")).items.map((b) => b.name).sort(), ["After-hours bot", "Roofing quotes", "Sales bot", "Support bot"]);
  assert.deepEqual(errors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
  await context.close();

  await agentSeesBotsReadOnly(browser, { app, admin, watch: watchCsp, names: ["Sales bot", "Roofing quotes"], shots: SHOTS });
}));

test("with CloseBot unreachable the page says so and still shows the bots our routes name", { timeout: 90_000 }, guarded(async () => {
  const away = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: `http://127.0.0.1:${await deadPort()}`,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  try {
    const admin = await adminClient(away, ADMIN.email, ADMIN.password);
    await routeTo(admin, MAIN, "src_sales");
    await postInboundSms(away, AUTH_TOKEN, { from: "+15550000001", to: MAIN, body: "Anyone there?", accountSid: ACCOUNT_SID });
    const { context, csp, errors } = await newWatchedContext();
    const page = await context.newPage();
    await signIn(page, away.url);
    await page.goto(`${away.url}/bots`);
    const banner = page.getByTestId("bots-error");
    await banner.waitFor();
    assert.match(await banner.innerText(), /CloseBot could not be asked for the bots just now\.\s+CloseBot could not be reached[^\n]*\.\s+Showing the bots your routes name, with this app's own figures\./);
    const sales = card(page, "Sales bot");
    assert.match(await sales.innerText(), /From your routes/);
    assert.equal(await sales.getByTestId("bot-messages").innerText(), "1");
    assert.equal(await page.getByRole("article").count(), 1, "only the bot our routes name");
    const conversion = sales.getByTestId("bot-conversion");
    assert.match(await conversion.innerText(), /^—/);
    assert.match(await conversion.getAttribute("aria-label"), /^Unknown: .*CloseBot/);
    await page.screenshot({ path: `${SHOTS}bots-closebot-unreachable.png`, fullPage: true });
    assert.deepEqual(errors, [], "no uncaught errors in the page");
    csp.assertNone(assert);
    await context.close();
  } finally {
    await away.stop();
    await away.cleanup();
  }
}));
