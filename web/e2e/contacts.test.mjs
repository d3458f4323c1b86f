// End to end, Contacts: the real binary, fake Twilio and CloseBot, Debian's
// Chromium. Contacts come in by text (one answered by the bot, naming its
// CloseBot lead) and by a CSV import through the dialog; then the table is
// filtered, sorted, paged and exported (the file read back, formulas
// neutralised), a contact's panel shows what CloseBot collected, is edited
// and deleted; an agent may edit but not import or delete. All under the
// app's Content-Security-Policy, with screenshots at 1440 and 375 px.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { before, test } from "node:test";
import { adminClient, launchBrowser, startApp } from "./app.mjs";
import { signedInPage as signedInAs } from "./session.mjs";
import { startFakeCloseBot, startFakeTwilio } from "./fakes.mjs";
import { CSV, dropFile, importThroughTheDialog } from "./contacts-import.mjs";
import { panelEditAndDelete, agentMayEditOnly } from "./contacts-panel.mjs";
import { bulkImport, download, eventually, expectNames, parseCsv, seedContacts } from "./contacts-steps.mjs";
import { stopAfterAll } from "./teardown.mjs";

const SHOTS = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const CLOSEBOT_KEY = "cb_contacts";
const ADMIN = { email: "owner@example.com", password: `pw-${randomBytes(8).toString("hex")}` };
const LEAD_ID = "lead_ada";
const LEADS = {
  [LEAD_ID]: {
    contactId: "+12025550101",
    tags: ["demo-requested"],
    fields: [
      { field: "company_size", name: "Company Size", value: "50", aiProduced: true },
      { field: "industry", name: "Industry", value: "Retail", aiProduced: false },
      { field: "priority", name: "Priority", value: "High", aiProduced: true },
    ],
  },
};
const FORMULA = '=HYPERLINK("http://x","y")';

let twilio;
let closebot;
let app;
let browser;
let admin;
let routes;
let ids;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  closebot = await startFakeCloseBot({ apiKey: CLOSEBOT_KEY, leads: LEADS });
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
  admin = await adminClient(app, ADMIN.email, ADMIN.password);
  routes = [];
  for (const [number, bot, name] of [["+15005550006", "bot_sales", "Sales bot"], ["+15005550007", "bot_support", "Support bot"]]) {
    routes.push(await admin("/api/routes", { method: "POST", body: JSON.stringify({ twilioNumber: number, closebotSourceId: `src_${bot}`, closebotBotId: bot, botName: name }) }));
  }
  ids = await seedContacts({ app, admin, twilio, closebot, routes, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, leadId: LEAD_ID });
});

const guarded = stopAfterAll(() => ({ browser, app, fakes: [twilio, closebot] }));

/** A signed-in page in a fresh context watched for CSP violations and page errors. */
async function signedInPage(user, viewport = { width: 1440, height: 900 }) {
  return signedInAs(browser, app.url, user, { viewport, acceptDownloads: true });
}

async function openContacts(page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("heading", { name: "Contacts", exact: true }).waitFor();
  await page.getByTestId("contact-row").first().waitFor();
}

test("an admin imports a CSV with good, repeated and bad rows and sees each row accounted for", { timeout: 150_000 }, guarded(async () => {
  const { page, finish } = await signedInPage(ADMIN);
  await openContacts(page);
  await importThroughTheDialog(page, { admin, twilio, shots: SHOTS, route: routes[0] });
  await finish();
}));

test("the table filters, sorts, pages and exports what it shows, formulas neutralised", { timeout: 150_000 }, guarded(async () => {
  await bulkImport(admin, 55);
  const { page, finish } = await signedInPage(ADMIN);
  await openContacts(page);
  const total = (await admin("/api/contacts?limit=1")).total;
  assert.equal(total, 61, "4 texted, 2 imported through the dialog, 55 in bulk");
  await page.getByTestId("contacts-total").filter({ hasText: "61 contacts" }).waitFor();
  assert.equal(await page.getByTestId("contact-row").count(), 50, "a page of 50");
  assert.match(await page.getByTestId("range").innerText(), /1–50 of 61/);
  await page.getByRole("button", { name: "Next page" }).click();
  await eventually(async () => (await page.getByTestId("contact-row").count()) === 11, "the second page's 11 rows");
  assert.match(page.url(), /page=2/);

  // Search by name, by phone digits in another format, by email; each back on page 1.
  const search = page.getByRole("searchbox", { name: "Search contacts" });
  await search.fill("grace");
  await expectNames(page, ["Grace Hopper"], "a search by name");
  assert.doesNotMatch(page.url(), /page=/);
  await search.fill("(202) 555-0112");
  await expectNames(page, ["Dorothy Vaughan"], "a search by phone digits");
  await search.fill("kj@example");
  await expectNames(page, ["Katherine Johnson"], "a search by email");
  await search.fill("");

  // Status: "cold" means cold or closed; "hot" qualified or booked; "warm" active.
  const status = page.getByLabel("Filter by status");
  await status.selectOption("cold");
  await expectNames(page, [FORMULA, "Grace Hopper"], "cold contacts", { anyOrder: true });
  await status.selectOption("hot");
  await expectNames(page, ["Ada Lovelace"], "hot contacts");
  await status.selectOption("warm");
  await expectNames(page, ["Dorothy Vaughan", "Katherine Johnson"], "warm contacts", { anyOrder: true });
  await status.selectOption("");
  await page.getByLabel("Filter by bot").selectOption({ label: "Support bot" });
  await expectNames(page, ["Grace Hopper"], "the support bot's contacts");
  await page.getByLabel("Filter by bot").selectOption("");
  // Last contact between two days: none tomorrow, everyone today.
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("en-CA");
  await page.getByLabel("Last contact from").fill(day(1));
  await page.getByTestId("contacts-empty").filter({ hasText: "No contact matches these filters" }).waitFor();
  assert.match(page.url(), new RegExp(`from=${day(1)}`));
  await page.getByLabel("Last contact from").fill(day(0));
  await page.getByLabel("Last contact to").fill(day(0));
  await page.getByTestId("contacts-total").filter({ hasText: "61 contacts match" }).waitFor();
  await page.getByLabel("Last contact from").fill("");
  await page.getByLabel("Last contact to").fill("");

  // Sort by name: A→Z then Z→A, as the server orders them; the headers say which.
  await search.fill("202-555");
  const query = "search=202-555&sort=name&order=asc&limit=50";
  await eventually(async () => (await page.getByTestId("contact-row").count()) === 6, "the six 202-555 numbers");
  const table = page.getByRole("table", { name: "Contacts" });
  const nameHeader = table.getByRole("columnheader", { name: /Name/ });
  assert.equal(await table.getByRole("columnheader", { name: /Last contact/ }).getAttribute("aria-sort"), "descending");
  await nameHeader.getByRole("button").click();
  const ascending = (await admin(`/api/contacts?${query}`)).items.map((c) => c.name);
  assert.equal(ascending.length, 6, `the 202-555 numbers: ${ascending.join(", ")}`);
  await expectNames(page, ascending, "names A→Z");
  assert.equal(await nameHeader.getAttribute("aria-sort"), "ascending");
  await nameHeader.getByRole("button").click();
  await expectNames(page, [...ascending].reverse(), "names Z→A");
  assert.equal(await nameHeader.getAttribute("aria-sort"), "descending");
  assert.match(page.url(), /sort=name&order=desc/);

  // A reload keeps the filters and the sort.
  await page.reload();
  await expectNames(page, [...ascending].reverse(), "the same rows after a reload");
  assert.equal(await page.getByRole("searchbox", { name: "Search contacts" }).inputValue(), "202-555");
  assert.equal(await page.getByRole("table", { name: "Contacts" }).getByRole("columnheader", { name: /Name/ }).getAttribute("aria-sort"), "descending");

  // Export of the filtered view: the same rows in the same order, BOM, header, the formula neutralised.
  const filtered = await download(page, page.getByRole("link", { name: /Export CSV/ }));
  assert.equal(filtered.name, "contacts.csv");
  const { bom, rows } = parseCsv(filtered.text);
  assert.ok(bom, "the export starts with a BOM");
  assert.deepEqual(rows[0].slice(0, 3), ["name", "phone", "email"]);
  const neutral = `'${FORMULA}`;
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [...ascending].reverse().map((n) => (n === FORMULA ? neutral : n)));
  assert.ok(filtered.text.includes(`"'=HYPERLINK(""http://x"",""y"")"`), "the name is quoted and starts with a quote mark");
  assert.ok(!rows.some((r) => r.some((cell) => cell.startsWith("="))), "no cell starts with =");
  await page.screenshot({ path: `${SHOTS}contacts-filtered.png` });

  // Export of everything: every contact, not just the page shown.
  await page.getByRole("button", { name: /Clear filters/ }).click();
  await eventually(async () => (await page.getByTestId("contact-row").count()) === 50, "the unfiltered first page");
  const all = parseCsv((await download(page, page.getByRole("link", { name: /Export CSV/ }))).text).rows.slice(1);
  assert.equal(all.length, 61, "the export has every contact, not just the 50 shown");
  assert.ok(all.some((r) => r[0] === neutral));
  await page.screenshot({ path: `${SHOTS}contacts.png` });

  // 375 px: cards, a sort choice, nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByTestId("contact-card").first().waitFor();
  assert.equal(await page.getByRole("table", { name: "Contacts" }).isVisible(), false, "no table on a phone");
  await page.getByLabel("Sort contacts").selectOption("name:asc");
  await eventually(async () => /sort=name&order=asc/.test(page.url()), "the phone's sort choice in the URL");
  const firstByName = (await admin("/api/contacts?sort=name&order=asc&limit=1")).items[0].name;
  await eventually(async () => (await page.getByTestId("contact-card").first().innerText()).startsWith(firstByName), "the cards in name order");
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= 375, `Contacts is ${width} px wide on a 375 px screen`);
  await page.screenshot({ path: `${SHOTS}contacts-mobile.png` });
  await page.getByTestId("contact-card").filter({ hasText: "Ada Lovelace" }).getByRole("button").click();
  const panel = page.getByRole("dialog", { name: "Contact details" });
  await panel.getByRole("heading", { name: "Ada Lovelace", exact: true }).waitFor();
  await page.waitForTimeout(300); // the panel finishes sliding in
  await page.screenshot({ path: `${SHOTS}contact-panel-mobile.png` });
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden" });
  // The import dialog on a phone: the mapping stacks (nothing is imported; the draft is left).
  await page.getByRole("button", { name: "Import Contacts" }).click();
  const dialog = page.getByRole("dialog", { name: "Import contacts" });
  await dropFile(page, dialog.getByTestId("drop-zone"), "leads.csv", CSV);
  await dialog.getByTestId("preview-row").first().waitFor();
  const overflow = await dialog.evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 0, `the import dialog scrolls sideways by ${overflow} px on a phone`);
  await page.screenshot({ path: `${SHOTS}contacts-import-mobile.png` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden" });
  await finish();
}));

test("a contact's panel shows what CloseBot collected; it is edited and deleted", { timeout: 150_000 }, guarded(async () => {
  const { page, finish } = await signedInPage(ADMIN);
  await openContacts(page);
  await panelEditAndDelete(page, { app, admin, ids, shots: SHOTS });
  await finish();
}));

test("an agent edits contacts but cannot import or delete them", { timeout: 90_000 }, guarded(async () => {
  const agent = { email: "agent@example.com", password: "the agent's own password" };
  await admin("/api/users", { method: "POST", body: JSON.stringify({ email: agent.email, role: "agent", password: "a one-time password" }) });
  const agentApi = await adminClient(app, agent.email, "a one-time password");
  await agentApi("/api/auth/password", { method: "POST", body: JSON.stringify({ currentPassword: "a one-time password", newPassword: agent.password }) });
  const { page, finish } = await signedInPage(agent);
  await openContacts(page);
  await agentMayEditOnly(page, { admin, ids });
  await finish();
}));
