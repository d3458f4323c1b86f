// End to end, the Routing page: the real binary, fake Twilio and CloseBot,
// Debian's Chromium, under the app's Content-Security-Policy.
// (a) An admin routes a number to a bot through a CloseBot source the page
//     creates; the lines follow the layout when the window changes size.
// (b) Business hours with an exception close the route now: an inbound text
//     gets the after-hours reply and is held from the bot.
// (c) A paused route forwards nothing; switched back on, it does again.
// (d) Its satisfaction survey is switched on in the drawer; CloseBot books
//     the customer, the survey follows, and their score is thanked.
// Then 375 px, and deleting a route after a confirmation.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { chromium } from "playwright-core";
import { adminClient, postInboundSms, startApp } from "./app.mjs";
import { watchCsp } from "./csp.mjs";
import { startFakeCloseBot, startFakeTwilio, waitFor } from "./fakes.mjs";
import { bookAndAnswer, configureSurvey } from "./survey-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_routing";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const NEW_NUMBER = "+15005550007";
const NEW_NUMBER_SHOWN = "+1 (500) 555-0007";
const PAUSE_NUMBER = "+15005550010";
const PAUSE_NUMBER_SHOWN = "+1 (500) 555-0010";
const PAUSE_CUSTOMER = "+15553334444";
const CUSTOMER = "+15557654321";
const AFTER_HOURS = "We're closed right now — we'll text you back as soon as we open.";
const GREETING = "Hi! Thanks for texting Acme Roofing.";

const BOTS = [
  {
    id: "bot_roof",
    name: "Roofing bot",
    category: "Sales",
    followUpActive: true,
    sources: [{ id: "src_web", category: "WEB_LEAD", name: "Website chat", enabled: true }],
  },
  { id: "bot_hvac", name: "HVAC bot", category: "Service", followUpActive: false, sources: [] },
];

let twilio;
let closebot;
let app;
let browser;
let context;
let page;
let csp;
let admin;
let responseUrl;
const pageErrors = [];

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY, bots: structuredClone(BOTS) });
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
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  admin = await adminClient(app, ADMIN.email, ADMIN.password);
  responseUrl = (await admin("/api/settings")).webhookUrls.response;
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  csp = await watchCsp(context);
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** Runs `fn` as a test step; a failure prints the server's log at the end. */
function step(name, fn) {
  test(name, { timeout: 120_000 }, guarded(async () => {
    try {
      await fn();
    } catch (error) {
      await page?.screenshot({ path: `${SHOTS}routing-failure.png`, fullPage: true }).catch(() => undefined);
      throw error;
    }
  }));
}

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

const routeCard = (shown) => page.getByTestId("route-card").filter({ hasText: shown });
const numberCard = (shown) => page.getByTestId("number-card").filter({ hasText: shown });
const routeOf = async (number) => (await admin("/api/routes")).items.find((r) => r.twilioNumber === number);
const todayUtc = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The page is no wider than the screen. */
async function assertFits(what, width) {
  const scroll = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what} is ${scroll} px wide on a ${width} px screen`);
}

/** The line of `routeId` starts at the right edge of its number's card and ends at the left edge of its route's card (board coordinates). */
async function assertLineJoins(routeId, numberShown, routeShown) {
  return eventually(
    async () => {
      const board = await page.getByTestId("connection-lines").boundingBox();
      const from = await numberCard(numberShown).boundingBox();
      const to = await routeCard(routeShown).boundingBox();
      const d = await page.locator(`[data-testid="connection"][data-route-id="${routeId}"] path`).nth(1).getAttribute("d");
      const [x1, y1, , , , , x2, y2] = d.match(/-?\d+(\.\d+)?/g).map(Number);
      const close = (a, b) => Math.abs(a - b) <= 2;
      const joins =
        close(board.x + x1, from.x + from.width) && close(board.y + y1, from.y + from.height / 2) && close(board.x + x2, to.x) && close(board.y + y2, to.y + to.height / 2);
      return joins && { x1, y1, x2, y2 };
    },
    `the line of ${routeId} to join ${numberShown} and its route`,
    5_000,
  );
}

step("(a) an admin adds a route through a CloseBot source the page creates, and the lines follow the layout", async () => {
  // A route made through the API earlier: shown though Twilio's number list is empty.
  const existing = await admin("/api/routes", {
    method: "POST",
    body: JSON.stringify({ twilioNumber: PAUSE_NUMBER, closebotSourceId: "src_pause", closebotBotId: "bot_hvac", botName: "HVAC bot" }),
  });

  await page.goto(`${app.url}/routing`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.url}/routing`);
  await page.getByRole("heading", { name: "Phone Number Routing" }).waitFor();

  await numberCard(PAUSE_NUMBER_SHOWN).waitFor();
  assert.equal(await page.getByTestId("number-card").count(), 1, "the fake Twilio lists no number: only the route's own");
  await page.getByTestId("bot-card").filter({ hasText: "Roofing bot" }).waitFor();
  assert.match(await page.getByTestId("bot-card").filter({ hasText: "Roofing bot" }).innerText(), /WEB_LEAD[\s\S]*Website chat/);
  assert.match(await page.getByTestId("bot-card").filter({ hasText: "HVAC bot" }).innerText(), /\+1 \(500\) 555-0010/);
  await assertLineJoins(existing.id, PAUSE_NUMBER_SHOWN, PAUSE_NUMBER_SHOWN);

  // + Add New Route: a typed number, a bot, and a new CloseBot source.
  await page.getByRole("button", { name: "Add New Route" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a new route" });
  await dialog.waitFor();
  await dialog.getByLabel("Twilio number").fill("12345");
  await dialog.getByRole("button", { name: "Add route" }).click();
  assert.match(await dialog.getByRole("alert").innerText(), /E\.164/, "a malformed number is refused beside its field");
  assert.equal(closebot.createdSources.length, 0, "nothing is created for a malformed number");

  await dialog.getByLabel("Twilio number").fill(NEW_NUMBER_SHOWN);
  await dialog.getByLabel("CloseBot bot").selectOption({ label: "Roofing bot" });
  assert.ok(await dialog.getByRole("radio", { name: "Create a CloseBot source for this route" }).isChecked());
  assert.equal(await dialog.getByLabel("Source name").inputValue(), `SMS ${NEW_NUMBER_SHOWN}`, "a sensible default name");
  await dialog.getByRole("button", { name: "Add route" }).click();
  await dialog.waitFor({ state: "hidden" });

  const created = await waitFor(closebot.createdSources, () => true, 10_000, "CloseBot to be asked for a source");
  assert.equal(created.category, "WebHook");
  assert.equal(created.webhookCallback, responseUrl, "the source's replies come to our response URL");
  assert.equal(created.name, `SMS ${NEW_NUMBER_SHOWN}`);
  assert.equal(closebot.createdSources.length, 1, "one source");
  const source = closebot.requests.filter((r) => r.method === "POST" && r.path === "/agency/source").length;
  assert.equal(source, 1);
  const attached = await waitFor(closebot.attachments, (a) => a.botId === "bot_roof", 10_000, "the bot to be attached to the source");
  assert.equal(attached.enabled, true);

  const route = await eventually(() => routeOf(NEW_NUMBER), "the new route in the API");
  assert.equal(route.closebotSourceId, attached.sourceId, "the route uses the new source");
  assert.equal(route.closebotBotId, "bot_roof");
  assert.equal(route.botName, "Roofing bot");
  assert.equal(route.active, true);

  const roofCard = page.getByTestId("bot-card").filter({ hasText: "Roofing bot" });
  await roofCard.getByTestId("route-card").filter({ hasText: NEW_NUMBER_SHOWN }).waitFor();
  // The new source is one of the bot's sources now, and names the route.
  await eventually(async () => (await routeCard(NEW_NUMBER_SHOWN).innerText()).includes(`SMS ${NEW_NUMBER_SHOWN}`), "the route to name its source");
  await numberCard(NEW_NUMBER_SHOWN).waitFor();
  assert.equal(await page.getByTestId("connection").count(), 2);
  const wide = await assertLineJoins(route.id, NEW_NUMBER_SHOWN, NEW_NUMBER_SHOWN);
  await page.screenshot({ path: `${SHOTS}routing.png`, fullPage: true });

  // Away and back (client-side, from the cache: the board mounts with its data at once),
  // then a narrower window moves the cards; the lines move with them.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.goBack();
  await routeCard(NEW_NUMBER_SHOWN).waitFor();
  await page.setViewportSize({ width: 1100, height: 900 });
  const narrower = await assertLineJoins(route.id, NEW_NUMBER_SHOWN, NEW_NUMBER_SHOWN);
  assert.ok(narrower.x2 < wide.x2 - 50, `the line's end moved left with its card (${wide.x2} → ${narrower.x2})`);
  await assertLineJoins(existing.id, PAUSE_NUMBER_SHOWN, PAUSE_NUMBER_SHOWN);
  await page.setViewportSize({ width: 1440, height: 900 });

  // The search box filters both columns, by bot name and by digits.
  const search = page.getByRole("searchbox", { name: "Search numbers and bots" });
  await search.fill("roofing");
  await eventually(async () => (await page.getByTestId("number-card").count()) === 1, "one number for “roofing”");
  assert.equal(await page.getByTestId("bot-card").count(), 1);
  assert.match(await page.getByTestId("number-card").innerText(), /555-0007/);
  await search.fill("555 0010");
  await eventually(async () => (await page.getByTestId("bot-card").count()) === 1, "one bot for “555 0010”");
  assert.match(await page.getByTestId("bot-card").innerText(), /HVAC bot/);
  assert.equal(await page.getByTestId("connection").count(), 1);
  await search.fill("");
  await eventually(async () => (await page.getByTestId("connection").count()) === 2, "both lines back");
});

step("(b) business hours with an exception close the route now: a text gets the after-hours reply", async () => {
  await page.getByRole("button", { name: `Configure ${NEW_NUMBER_SHOWN}` }).click();
  const drawer = page.getByRole("dialog", { name: "Configure route" });
  await drawer.waitFor();
  await drawer.getByLabel("Greeting message override (optional)").fill(GREETING);
  await drawer.getByLabel("After-hours auto-reply").fill(AFTER_HOURS);
  await drawer.getByRole("switch", { name: "Use business hours" }).click();
  await drawer.getByLabel("Time zone").selectOption("UTC");

  // A day that closes before it opens is refused by the server, and the error shows beside that day.
  await drawer.getByLabel("Monday opens").fill("17:00");
  await drawer.getByLabel("Monday closes").fill("08:00");
  await drawer.getByRole("button", { name: "Save" }).click();
  const mondayError = drawer.getByTestId("day-mon").getByRole("alert");
  await mondayError.waitFor();
  assert.match(await mondayError.innerText(), /end \(08:00\) must be after the start \(17:00\)/);
  assert.equal(await drawer.getByRole("alert").count(), 1, "only Monday is marked");
  await drawer.getByLabel("Monday opens").fill("09:00");
  await drawer.getByLabel("Monday closes").fill("17:00");
  assert.equal(await drawer.getByRole("alert").count(), 0, "editing clears the error");

  // Sunday until midnight (24:00).
  await drawer.getByRole("switch", { name: "Open on Sunday" }).click();
  await drawer.getByLabel("Sunday closes").fill("00:00");
  await drawer.getByTestId("day-sun").getByText("(midnight)").waitFor();

  // Exceptions: today and tomorrow closed (UTC), a third added and removed.
  const exceptions = drawer.getByTestId("exception");
  await drawer.getByRole("button", { name: "Add exception" }).click();
  assert.equal(await drawer.getByLabel("Exception 1 date").inputValue(), todayUtc(), "a new exception starts on today's date in the route's zone");
  await drawer.getByRole("button", { name: "Add exception" }).click();
  await drawer.getByLabel("Exception 2 date").fill(todayUtc(1));
  await drawer.getByRole("button", { name: "Add exception" }).click();
  await drawer.getByLabel("Exception 3 date").fill(todayUtc(30));
  await drawer.getByLabel("Exception 3 kind").selectOption("hours");
  await drawer.getByLabel("Exception 3 opens").fill("10:00");
  await drawer.getByLabel("Exception 3 closes").fill("12:00");
  assert.equal(await exceptions.count(), 3);
  await drawer.getByRole("button", { name: "Remove exception 3" }).click();
  assert.equal(await exceptions.count(), 2);

  const slider = drawer.getByLabel("Max concurrent conversations");
  await slider.fill("25");
  assert.equal((await drawer.getByTestId("max-concurrent-value").innerText()).trim(), "25");
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}routing-configure.png` });

  await drawer.getByRole("button", { name: "Save" }).click();
  await drawer.waitFor({ state: "hidden" });
  const saved = await routeOf(NEW_NUMBER);
  assert.equal(saved.greetingMessage, GREETING);
  assert.equal(saved.afterHoursReply, AFTER_HOURS);
  assert.equal(saved.maxConcurrent, 25);
  const nineToFive = { start: "09:00", end: "17:00" };
  assert.deepEqual(saved.businessHours, {
    timezone: "UTC",
    mon: nineToFive,
    tue: nineToFive,
    wed: nineToFive,
    thu: nineToFive,
    fri: nineToFive,
    sat: null,
    sun: { start: "09:00", end: "24:00" },
    exceptions: [
      { date: todayUtc(), closed: true, start: null, end: null },
      { date: todayUtc(1), closed: true, start: null, end: null },
    ],
  });
  await eventually(
    async () => /Mon–Fri 9:00 AM–5:00 PM, Sun 9:00 AM–midnight · UTC · 2 exceptions/.test(await routeCard(NEW_NUMBER_SHOWN).getByTestId("hours-summary").innerText()),
    "the card to sum up the hours",
  );

  // Reopened, the drawer shows what was saved.
  await page.getByRole("button", { name: `Configure ${NEW_NUMBER_SHOWN}` }).click();
  await drawer.waitFor();
  assert.equal(await drawer.getByLabel("After-hours auto-reply").inputValue(), AFTER_HOURS);
  assert.equal(await drawer.getByLabel("Sunday closes").inputValue(), "00:00");
  assert.equal(await exceptions.count(), 2);
  await drawer.getByRole("button", { name: "Close", exact: true }).click();
  await drawer.waitFor({ state: "hidden" });

  // A text now: closed today, so the after-hours reply goes out and the bot does not get it yet.
  const body = "Hi, can someone look at my roof this week?";
  await postInboundSms(app, AUTH_TOKEN, { from: CUSTOMER, to: NEW_NUMBER, body, accountSid: ACCOUNT_SID });
  const reply = await waitFor(twilio.messages, (m) => m.body === AFTER_HOURS, 15_000, "Twilio to receive the after-hours reply");
  assert.equal(reply.to, CUSTOMER);
  assert.equal(reply.from, NEW_NUMBER);
  assert.equal(twilio.messages.filter((m) => m.to === CUSTOMER).length, 1, "no greeting while closed, one after-hours reply");
  assert.equal(closebot.events.filter((e) => e.message === body).length, 0, "the text is held until the route opens");
});

step("(c) a paused route forwards nothing to CloseBot; switched back on, it does", async () => {
  const customer = PAUSE_CUSTOMER;
  const card = routeCard(PAUSE_NUMBER_SHOWN);
  const first = "Is the AC tune-up deal still on?";
  await postInboundSms(app, AUTH_TOKEN, { from: customer, to: PAUSE_NUMBER, body: first, accountSid: ACCOUNT_SID });
  const forwarded = await waitFor(closebot.events, (e) => e.message === first, 15_000, "the first text to reach CloseBot");
  assert.equal(forwarded.sourceId, "src_pause");

  const toggle = page.getByRole("switch", { name: `Route ${PAUSE_NUMBER_SHOWN} active` });
  assert.equal(await toggle.getAttribute("aria-checked"), "true");
  await toggle.click();
  await eventually(async () => (await card.getAttribute("data-active")) === "false", "the card to read Paused");
  assert.match(await card.innerText(), /Paused/);
  assert.equal((await routeOf(PAUSE_NUMBER)).active, false);
  const route = await routeOf(PAUSE_NUMBER);
  await eventually(
    async () => (await page.locator(`[data-testid="connection"][data-route-id="${route.id}"]`).getAttribute("data-active")) === "false",
    "its line to show paused",
  );

  const paused = "Hello? Anyone there?";
  await postInboundSms(app, AUTH_TOKEN, { from: customer, to: PAUSE_NUMBER, body: paused, accountSid: ACCOUNT_SID });
  await page.waitForTimeout(1500);
  assert.equal(closebot.events.filter((e) => e.message === paused).length, 0, "a paused route forwards nothing");

  // Back on: the next text goes through, and the paused one never follows (one contact's texts go in order).
  await toggle.click();
  await eventually(async () => (await card.getAttribute("data-active")) === "true", "the card to read Active");
  const third = "Great, Tuesday works.";
  await postInboundSms(app, AUTH_TOKEN, { from: customer, to: PAUSE_NUMBER, body: third, accountSid: ACCOUNT_SID });
  await waitFor(closebot.events, (e) => e.message === third, 15_000, "the text after resuming to reach CloseBot");
  assert.equal(closebot.events.filter((e) => e.message === paused).length, 0, "the text sent while paused stays unforwarded");

  // The counts on the card follow the live texts and agree with the server.
  await eventually(async () => {
    const count = (await routeOf(PAUSE_NUMBER)).messageCount;
    return count >= 2 && (await card.getByTestId("message-count").innerText()).trim() === `${count} messages`;
  }, "the card's message count to match the server's");
});

step("(d) the satisfaction survey, switched on in the drawer, asks a booked customer and thanks their score", async () => {
  await configureSurvey(page, { shown: PAUSE_NUMBER_SHOWN, routeOf, number: PAUSE_NUMBER, shots: SHOTS });
  await bookAndAnswer({ app, authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, twilio, closebot, responseUrl, customer: PAUSE_CUSTOMER, number: PAUSE_NUMBER });
});

step("at 375 px the columns stack, and deleting a route asks first and keeps its conversations", async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await page.getByRole("heading", { name: "Phone Number Routing" }).waitFor();
  await routeCard(NEW_NUMBER_SHOWN).waitFor();
  await assertFits("the routing page", 375);
  assert.equal(await page.getByTestId("connection").count(), 0, "no lines across stacked columns");
  const numbersBottom = await page.getByRole("region", { name: /Twilio Phone Numbers/ }).boundingBox();
  const botsTop = await page.getByRole("region", { name: /CloseBot Bots & Sources/ }).boundingBox();
  assert.ok(botsTop.y >= numbersBottom.y + numbersBottom.height, "the bots column comes below the numbers");
  await page.screenshot({ path: `${SHOTS}routing-mobile.png`, fullPage: true });

  await page.getByRole("button", { name: `Configure ${NEW_NUMBER_SHOWN}` }).click();
  const drawer = page.getByRole("dialog", { name: "Configure route" });
  await drawer.waitFor();
  const box = await drawer.boundingBox();
  assert.ok(box.x >= 0 && box.width <= 375, `the drawer fits the screen (${box.x}, ${box.width})`);
  await assertFits("the open drawer", 375);
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}routing-configure-mobile.png` });
  await drawer.getByRole("button", { name: "Close", exact: true }).click();
  await drawer.waitFor({ state: "hidden" });

  await page.setViewportSize({ width: 1440, height: 900 });
  const before = await admin("/api/conversations");
  const doomed = await routeOf(PAUSE_NUMBER);
  await page.getByRole("button", { name: `Delete route ${PAUSE_NUMBER_SHOWN}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete the route of ${PAUSE_NUMBER_SHOWN}?` });
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /1 conversation and \d+ messages are kept/);
  await confirm.getByRole("button", { name: "Keep it" }).click();
  await confirm.waitFor({ state: "hidden" });
  assert.ok(await routeOf(PAUSE_NUMBER), "keeping it deletes nothing");

  await page.getByRole("button", { name: `Delete route ${PAUSE_NUMBER_SHOWN}` }).click();
  await confirm.getByRole("button", { name: "Delete route" }).click();
  await confirm.waitFor({ state: "hidden" });
  await routeCard(PAUSE_NUMBER_SHOWN).waitFor({ state: "detached" });
  assert.equal(await routeOf(PAUSE_NUMBER), undefined);
  assert.equal((await admin("/api/conversations")).total, before.total, "its conversations are kept");
  assert.ok(doomed.conversationCount >= 1);

  assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  csp.assertNone(assert);
});
