// Parts of the Bots browser test: a card's figures and details, switching a
// bot's routes (checked at the API and at the fake CloseBot), creating a bot
// with AI, and an agent's read-only view.
import assert from "node:assert/strict";
import net from "node:net";
import { postInboundSms } from "./app.mjs";
import { waitFor } from "./fakes.mjs";
import { eventually } from "./settings-steps.mjs";

/** A port nothing listens on (taken, then let go): CloseBot "unreachable". */
export function deadPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The page is no wider than a 375 px screen. */
export async function assertFits(page, what) {
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${what} is ${width} px wide on a 375 px screen`);
}

export const card = (page, name) => page.getByRole("article", { name, exact: true });

/** Opens a card's details: its sources, the 7-day sparkline (drawn), Edit flow in a new tab. */
export async function expandCard(page, { name, botId, source, week }) {
  const sales = card(page, name);
  await sales.getByRole("button", { name: `Details of ${name}` }).click();
  const details = sales.getByTestId("bot-details");
  await details.waitFor();
  assert.match(await details.getByRole("list", { name: `Sources of ${name}` }).innerText(), new RegExp(source));
  assert.equal(await details.getByTestId("bot-week").innerText(), week);
  const chart = details.getByTestId("bot-sparkline");
  await chart.locator("svg path.recharts-area-curve").waitFor();
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 100 && box.height >= 40, `the sparkline is drawn (${JSON.stringify(box)})`);
  const edit = details.getByRole("link", { name: `Edit flow of ${name} in CloseBot (opens a new tab)` });
  assert.equal(await edit.getAttribute("href"), `https://app.closebot.com/bot/${botId}`);
  assert.equal(await edit.getAttribute("target"), "_blank");
  assert.equal(await edit.getAttribute("rel"), "noopener noreferrer");
  return sales;
}

/**
 * Switches the bot's routes off from its card: the API shows every route
 * paused and a text then reaches no bot; switched on again, the next text
 * does (and the one sent while paused never did).
 */
export async function switchRoutesOffAndOn(page, { admin, app, twilio, closebot, name, routeIds, number, customer, shots }) {
  const toggle = card(page, name).getByRole("switch", { name: `${name} active` });
  assert.equal(await toggle.getAttribute("aria-checked"), "true");
  await toggle.click();
  const routesOf = async () => (await admin("/api/routes?limit=200")).items.filter((r) => routeIds.includes(r.id));
  await eventually(async () => (await routesOf()).every((r) => r.active === false), "every route of the bot to be paused");
  await page.getByText(`${name}: ${routeIds.length} numbers switched off`, { exact: true }).waitFor();
  await eventually(async () => (await toggle.getAttribute("aria-checked")) === "false", "the switch to read off");
  assert.equal(await card(page, name).getAttribute("data-active"), "false");
  assert.equal(await card(page, name).getByTestId("bot-status").innerText(), "Inactive");

  const text = { from: customer, to: number, accountSid: twilio.accountSid };
  await postInboundSms(app, twilio.authToken, { ...text, body: "Texted while the bot was paused" });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(closebot.events.filter((e) => e.message === "Texted while the bot was paused").length, 0, "a paused route forwards nothing");
  await page.screenshot({ path: `${shots}bots-paused.png`, fullPage: true });

  await toggle.click();
  await eventually(async () => (await routesOf()).every((r) => r.active === true), "every route of the bot to be active again");
  await eventually(async () => (await toggle.getAttribute("aria-checked")) === "true", "the switch to read on");
  await postInboundSms(app, twilio.authToken, { ...text, body: "Texted after the bot was resumed" });
  await waitFor(closebot.events, (e) => e.message === "Texted after the bot was resumed", 15_000, "the text after resuming to reach CloseBot");
  assert.equal(closebot.events.filter((e) => e.message === "Texted while the bot was paused").length, 0, "the paused text stays unforwarded");
}

/** "+ Create New Bot": a double click makes one bot; progress while CloseBot's AI works; the bot appears with the Routing hint. */
export async function createBotWithAi(page, { closebot, name, description, shots }) {
  await page.getByRole("button", { name: "Create New Bot" }).click();
  const dialog = page.getByRole("dialog", { name: "Create a bot with AI" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Create bot" }).dblclick();
  await dialog.getByTestId("create-progress").waitFor();
  assert.ok(await dialog.getByRole("button", { name: "Creating…" }).isDisabled(), "no second bot while the first is made");
  await page.screenshot({ path: `${shots}bots-create.png` });
  await dialog.waitFor({ state: "hidden", timeout: 20_000 });
  assert.deepEqual(closebot.createdBots, [{ name, description, category: "WebHook" }], "CloseBot was asked once, with the name and description");

  const created = page.getByTestId("bot-created");
  assert.match(await created.innerText(), new RegExp(`${name} is ready\\. Route a Twilio number to it on the Routing page`));
  assert.equal(await created.getByRole("link", { name: "Routing page" }).getAttribute("href"), "/routing");
  const fresh = card(page, name);
  await fresh.waitFor();
  const toggle = fresh.getByRole("switch", { name: `${name} active` });
  assert.ok(await toggle.isDisabled(), "a bot with no route cannot be switched on");
  assert.match(await toggle.getAttribute("aria-describedby").then((id) => page.locator(`[id="${id}"]`).innerText()), /No Twilio number is routed to this bot yet/);
  assert.match(await fresh.innerText(), /None yet — route one/);
}

/** An agent (made and signed in through the API, password chosen) sees the bots, with no switch and no create button. */
export async function agentSeesBotsReadOnly(browser, { app, admin, watch, names, shots }) {
  const email = "agent@example.com";
  const first = "agent one-time password";
  const chosen = "the agent's own password";
  await admin("/api/users", { method: "POST", body: JSON.stringify({ email, role: "agent", password: first }) });
  const login = await fetch(`${app.url}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: first }) });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const changed = await fetch(`${app.url}/api/auth/password`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: JSON.stringify({ currentPassword: first, newPassword: chosen }),
  });
  assert.ok(changed.ok, `the agent's password change answered ${changed.status}`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const csp = await watch(context);
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(chosen);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bots" }).click();
  await page.getByRole("heading", { name: "Bot Management" }).waitFor();
  for (const name of names) await card(page, name).waitFor();
  assert.equal(await page.getByRole("switch").count(), 0, "an agent gets no switch");
  assert.equal(await page.getByRole("button", { name: "Create New Bot" }).count(), 0, "nor the create button");
  const shown = (await admin("/api/bots")).items.find((b) => b.name === names[0]);
  assert.equal(await card(page, names[0]).getByTestId("bot-status").innerText(), shown.active ? "Active" : "Inactive");
  const refused = await page.evaluate(async () => (await fetch("/api/bots/bot_sales/active", { method: "PUT", headers: { "Content-Type": "application/json" }, body: '{"active":false}' })).status);
  assert.equal(refused, 403, "the API refuses an agent too");
  assert.match(await card(page, names[1]).innerText(), /None yet/);
  assert.equal(await card(page, names[1]).getByRole("link", { name: "route one" }).count(), 0, "no way to the Routing page, an admin's");
  await page.waitForTimeout(300); // the sidebar's highlight finishes moving to Bots before the picture
  await page.screenshot({ path: `${shots}bots-agent.png`, fullPage: true });
  csp.assertNone(assert);
  await context.close();
}
