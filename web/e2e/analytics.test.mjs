// End to end, Analytics: the real binary, fake Twilio and CloseBot, Debian's
// Chromium. A history is made through the real webhooks (analytics-seed.mjs);
// the page shows its figures counted in the business's time zone (the
// browser sits 25 hours away), switches presets, shows a chart as a table
// and downloads its CSV (BOM, a bot name beginning with "+" neutralised);
// the Settings Business card changes the zone and the dropped rule the page
// counts with. All under the app's Content-Security-Policy, with
// screenshots at 1440 and 375 px.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { adminClient, launchBrowser, startApp } from "./app.mjs";
import { bookingGraph, businessZoneNow, dateIn, seedHistory } from "./analytics-seed.mjs";
import { choosePreset, downloadCsv, expectedLabel, rowsOf, statText } from "./analytics-steps.mjs";
import { assertFits } from "./bots-steps.mjs";
import { signedInPage as signedInAs } from "./session.mjs";
import { startFakeCloseBot, startFakeTwilio } from "./fakes.mjs";
import { eventually } from "./settings-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_analytics_key";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
/** UTC−11: a day or two behind every business zone the test picks, so the browser's "today" is never the business's. */
const BROWSER_ZONE = "Pacific/Pago_Pago";
const ZONES = ["Pacific/Kiritimati", "Asia/Tokyo", "Europe/Paris", "America/New_York"];

let twilio;
let closebot;
let app;
let browser;
let admin;
let zone;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY, bookingGraph });
  app = await startApp({
    twilioUrl: twilio.url,
    closebotUrl: closebot.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    closebotKey: CLOSEBOT_KEY,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  admin = await adminClient(app, ADMIN.email, ADMIN.password);
  zone = businessZoneNow(ZONES);
  await admin("/api/settings", { method: "PUT", body: JSON.stringify({ business: { timeZone: zone, droppedAfterDays: 7 } }) });
  await seedHistory({ app, admin, authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, twilio, closebot });
  browser = await launchBrowser();
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** A signed-in admin page in a fresh context (the browser in BROWSER_ZONE), watched for CSP violations and page errors. */
async function signedInPage(viewport = { width: 1440, height: 900 }) {
  return signedInAs(browser, app.url, ADMIN, { viewport, timezoneId: BROWSER_ZONE, acceptDownloads: true });
}

test("the page shows the range's figures in the business's zone, switches presets, and gives a chart as a table and a CSV", { timeout: 150_000 }, guarded(async () => {
  const { page, finish } = await signedInPage();
  const nav = page.getByRole("navigation", { name: "Main" });
  assert.deepEqual((await nav.getByRole("link").allInnerTexts()).map((l) => l.trim()), ["Dashboard", "Conversations", "Contacts", "Routing", "Bots", "Analytics", "Settings"]);
  // The page's own API calls until its figures are painted (the shell's
  // session, settings and live stream were opened on the Dashboard already).
  const calls = [];
  const countCall = (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/api/") && path !== "/api/events") calls.push(path);
  };
  page.on("request", countCall);
  await nav.getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("heading", { name: "Analytics", exact: true }).waitFor();
  await page.getByTestId("stat-conversations-value").filter({ hasText: /^5$/ }).waitFor();
  page.off("request", countCall);
  assert.ok(calls.length <= 3, `first paint in at most three API calls, made: ${calls.join(", ")}`);
  console.log(`analytics first paint: ${calls.length} API calls (${calls.join(", ")})`);

  // The default range: the last 30 days of the business, not of the browser.
  assert.notEqual(dateIn(zone), dateIn(BROWSER_ZONE), "the browser's today differs from the business's");
  assert.equal((await page.getByTestId("range-picker").innerText()).trim(), expectedLabel("Last 30 Days", dateIn(zone, -29), dateIn(zone)));
  assert.match(await page.getByText(/How your bots do over time/).innerText(), new RegExp(`counted in ${zone} time`));
  assert.equal(await page.getByTestId("analytics-preparing").count(), 0, "nothing stored before Analytics: no backfill to wait for");

  // The cards: 5 conversations; 2 bookings (one from CloseBot's graph, one contact marked booked); 3 bot replies; one score of 5.
  assert.equal(await statText(page, "booking-rate-value"), "40%");
  assert.match(await statText(page, "booking-rate-detail"), /^2 bookings ÷ 5 conversations/);
  const sources = await page.getByTestId("booking-source").allInnerTexts();
  // The Support source has no booking graph at CloseBot (404): its bookings are the contacts marked booked, and the card says why.
  assert.deepEqual(sources, ["From CloseBot's booking graph (1 route)", "From contacts marked booked (1 route) — CloseBot's booking graph is unavailable: Not Found"]);
  assert.match(await statText(page, "response-time-value"), /^(<0\.1s|\d+(\.\d)?s|\dm( \d+s)?)$/);
  assert.match(await statText(page, "response-time-detail"), /^Median (under 1s|\d.*) · 3 replies$/);
  assert.equal(await statText(page, "csat-value"), "5.0/5");
  assert.match(await statText(page, "csat-detail"), /^1 answer · 100% response rate/);
  // Nothing happened in the 30 days before: no change to show, said as such.
  for (const id of ["conversations", "booking-rate", "response-time", "csat"]) {
    assert.match(await page.getByTestId(`stat-${id}`).getByTestId("stat-change").innerText(), /^—\s+no previous figure to compare with$/, `${id} has no previous figure`);
  }
  assert.equal(await page.getByTestId("stat-sparkline").count(), 4);

  // The charts: outcomes in the donut's centre, the leaderboard by booking rate (Support 1 of 2, Sales 1 of 3).
  assert.equal(await page.getByTestId("outcomes-total").innerText(), "5");
  const board = page.getByRole("region", { name: "Top performing bots" });
  assert.deepEqual(
    (await rowsOf(board.getByRole("table"))).slice(1).map((r) => r.slice(0, 4)),
    [["1", "+1 Support line", "2", "50% (1)"], ["2", "Sales bot", "3", "33% (1)"]],
  );
  const messages = page.getByRole("region", { name: "Messages over time" });
  assert.match(await messages.getByRole("img", { name: /^Line chart/ }).getAttribute("aria-label"), /^Line chart of messages per day: 6 inbound and 5 outbound messages in all/);
  // The tooltip gives the exact figures of the day under the pointer (today's, the last).
  const plot = await messages.locator(".recharts-surface").boundingBox();
  await page.mouse.move(plot.x + plot.width - 12, plot.y + plot.height / 2);
  const tip = messages.locator(".recharts-tooltip-wrapper");
  await eventually(async () => /Inbound\s*6[\s\S]*Outbound\s*5/.test(await tip.innerText()), "the tooltip with today's figures");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${SHOTS}analytics.png`, fullPage: true });

  // Table views: the bots' and the outcomes' numbers (Support's 6 messages: 2 texts, a reply, the survey, a score, the thanks).
  const bots = page.getByRole("region", { name: "Conversations by bot" });
  await bots.getByRole("button", { name: "Table" }).click();
  assert.deepEqual(await rowsOf(page.getByTestId("table-bots")), [["BOT", "CONVERSATIONS", "MESSAGES"], ["Sales bot", "3", "5"], ["+1 Support line", "2", "6"]]);
  const outcomes = page.getByRole("region", { name: "Outcome distribution" });
  await outcomes.getByRole("button", { name: "Table" }).click();
  assert.deepEqual((await rowsOf(page.getByTestId("table-outcomes"))).slice(1), [["Booked", "2", "40%"], ["Qualified", "1", "20%"], ["Dropped", "0", "0%"], ["Pending", "2", "40%"]]);
  assert.match(await outcomes.innerText(), /quiet for more than 7 days/);

  // The CSV: a BOM, CRLF lines, the "+1 Support line" name kept from running as a formula.
  const csv = await downloadCsv(page, bots.getByRole("button", { name: "Download CSV of Conversations by bot" }));
  assert.equal(csv.name, `conversations-by-bot-${dateIn(zone, -29)}-to-${dateIn(zone)}.csv`);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte-order mark");
  assert.deepEqual(csv.text.slice(1).split("\r\n"), ["Bot,Bot id,Conversations,Messages", "Sales bot,bot_sales,3,5", "'+1 Support line,bot_support,2,6", ""]);

  // Presets: the same day seen over 7 days, nothing last month, today by the hour.
  await choosePreset(page, "Last 7 Days", expectedLabel("Last 7 Days", dateIn(zone, -6), dateIn(zone)));
  assert.match(page.url(), /range=7d/);
  await page.getByTestId("stat-conversations-value").filter({ hasText: /^5$/ }).waitFor();
  const lastMonthEnd = dateIn(zone, -Number(dateIn(zone).slice(8)));
  await choosePreset(page, "Last Month", expectedLabel("Last Month", `${lastMonthEnd.slice(0, 8)}01`, lastMonthEnd));
  await page.getByTestId("analytics-empty").waitFor();
  assert.equal(await statText(page, "conversations-value"), "0");
  assert.equal(await statText(page, "csat-value"), "No data");
  await choosePreset(page, "Today", expectedLabel("Today", dateIn(zone), dateIn(zone)));
  await messages.getByText(/per hour/).waitFor();
  assert.equal(await page.getByRole("group", { name: "Group by" }).count(), 0, "a single day has only hours");
  await choosePreset(page, "Last 30 Days", expectedLabel("Last 30 Days", dateIn(zone, -29), dateIn(zone)));
  assert.doesNotMatch(page.url(), /range=/, "the default range leaves the address clean");

  // 375 px: one column, nothing wider than the screen, the leaderboard as a list rather than a table to scroll.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole("button", { name: "Open navigation" }).waitFor();
  await page.getByTestId("stat-conversations-value").filter({ hasText: /^5$/ }).waitFor();
  await assertFits(page, "the Analytics page");
  assert.equal(await board.getByRole("table").count(), 0, "no leaderboard table at 375 px");
  const ranked = await board.getByRole("list", { name: "Bots ranked by booking rate" }).getByRole("listitem").allInnerTexts();
  assert.deepEqual(ranked.map((t) => t.split("\n").slice(0, 2)), [["1", "+1 Support line"], ["2", "Sales bot"]]);
  assert.match(ranked[0], /BOOKING RATE\s+50% \(1\)\s+CSAT\s+5\.0\/5 \(1 answer\)/);
  const title = await messages.getByRole("heading", { name: "Messages over time" }).boundingBox();
  const csvButton = await messages.getByRole("button", { name: "Download CSV of Messages over time" }).boundingBox();
  assert.ok(csvButton.y < title.y + title.height, "the Messages card's buttons stay on its title's row");
  await page.screenshot({ path: `${SHOTS}analytics-mobile.png`, fullPage: true });
  await finish();
}));

test("the Settings Business card changes the zone and the dropped rule the page counts with", { timeout: 90_000 }, guarded(async () => {
  const { page, finish } = await signedInPage();
  const next = businessZoneNow(ZONES.filter((z) => z !== zone));
  await page.goto(`${app.url}/analytics`);
  await page.getByTestId("stat-conversations-value").filter({ hasText: /^5$/ }).waitFor();
  await page.getByRole("link", { name: "change", exact: true }).click();
  const card = page.getByRole("region", { name: "Business" });
  await card.waitFor();
  assert.match(page.url(), /\/settings#business$/);
  const select = card.getByLabel("Time zone");
  assert.equal(await select.inputValue(), zone);
  await select.selectOption(next);
  await card.getByLabel("Count a conversation as dropped after").fill("0");
  await card.getByRole("button", { name: "Save business settings" }).click();
  assert.match(await card.locator("#business-dropped-error").innerText(), /from 1 to 365/);
  await card.getByLabel("Count a conversation as dropped after").fill("3");
  await card.getByRole("button", { name: "Save business settings" }).click();
  await page.getByText("Business settings saved", { exact: true }).waitFor();
  const saved = (await admin("/api/settings")).business;
  assert.deepEqual([saved.timeZone, saved.effectiveTimeZone, saved.droppedAfterDays], [next, next, 3]);
  await card.screenshot({ path: `${SHOTS}settings-business.png` });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await eventually(async () => (await page.getByText(/How your bots do over time/).innerText()).includes(`counted in ${next} time`), "the page to count in the new zone");
  assert.equal((await page.getByTestId("range-picker").innerText()).trim(), expectedLabel("Last 30 Days", dateIn(next, -29), dateIn(next)));
  assert.match(await page.getByRole("region", { name: "Outcome distribution" }).innerText(), /quiet for more than 3 days/);
  assert.equal(await statText(page, "conversations-value"), "5");
  await finish();
}));
