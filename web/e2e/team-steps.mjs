// The Team part of the Settings browser test: an admin adds an agent with a
// one-time password, the agent must choose their own and sees no admin
// pages, and the admin removes them again.
import assert from "node:assert/strict";

const AGENT_PASSWORD = "the agent's own password";

/** On /settings as an admin: adds `email` as an agent and returns the one-time password shown once. */
export async function addAgent(page, { email }) {
  const team = page.getByRole("region", { name: "Team" });
  await team.getByTestId("team-row").first().waitFor();
  // The only admin cannot remove themselves.
  assert.ok(await team.getByRole("button", { name: /^Remove owner@/ }).isDisabled());

  await team.getByRole("button", { name: "Add person" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a person" });
  await dialog.getByLabel("Email").fill(email);
  assert.equal(await dialog.getByLabel("Role").inputValue(), "agent", "a new person is an agent unless chosen otherwise");
  await dialog.getByRole("button", { name: "Add person" }).click();
  const shown = dialog.getByTestId("one-time-password");
  await shown.waitFor();
  const oneTimePassword = (await shown.innerText()).trim();
  assert.match(oneTimePassword, /^[A-Za-z0-9]{20}$/);
  await dialog.getByRole("button", { name: "Copy the one-time password" }).click();
  await page.getByText("Password copied", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => globalThis.navigator.clipboard.readText()), oneTimePassword);
  await dialog.getByRole("button", { name: "Done" }).click();
  await dialog.waitFor({ state: "hidden" });

  const row = team.getByTestId("team-row").filter({ hasText: email });
  await row.waitFor();
  assert.match(await row.innerText(), /new password due/i);
  assert.match(await row.innerText(), /Never signed in/);
  assert.equal(await row.getByRole("combobox", { name: `Role of ${email}` }).inputValue(), "agent");
  return { email, oneTimePassword };
}

/** A fresh browser: the agent signs in, must choose a password, then finds no admin pages. */
export async function agentSignsIn(page, { app, agent, shots }) {
  await page.goto(`${app.url}/settings`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(agent.email);
  await page.getByLabel("Password").fill(agent.oneTimePassword);
  await page.getByRole("button", { name: "Sign in" }).click();

  // Whatever the page, the password comes first.
  await page.getByRole("heading", { name: "Choose your own password" }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0, "no page before the new password");
  await page.screenshot({ path: `${shots}change-password.png`, fullPage: true });
  // A wrong current password is said so, and keeps the session (a 401 that is not a lost session).
  await page.getByLabel("Password you signed in with").fill("not the one-time password");
  await page.getByLabel("New password", { exact: true }).fill(AGENT_PASSWORD);
  await page.getByLabel("New password again").fill(AGENT_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.getByRole("alert").filter({ hasText: "The current password is incorrect" }).waitFor();
  assert.doesNotMatch(page.url(), /\/login/);
  await page.getByLabel("Password you signed in with").fill(agent.oneTimePassword);
  await page.getByLabel("New password again").fill("a different password");
  await page.getByRole("button", { name: "Set new password" }).click();
  assert.match(await page.getByRole("alert").innerText(), /two new passwords differ/);
  await page.getByLabel("New password again").fill(AGENT_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();

  // In: the agent's sidebar has no Settings and no Routing (Contacts, Bots and Analytics are for agents too).
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.waitFor();
  const links = await nav.getByRole("link").allInnerTexts();
  assert.deepEqual(links.map((l) => l.trim()), ["Dashboard", "Conversations", "Contacts", "Bots", "Analytics"]);

  // Opening /settings by its address: a clear "admins only" page, not a broken one.
  await page.goto(`${app.url}/settings`);
  await page.getByRole("heading", { name: "Settings is for admins only" }).waitFor();
  assert.equal(await page.getByRole("region", { name: "Twilio" }).count(), 0);
  await page.screenshot({ path: `${shots}settings-agent.png`, fullPage: true });
  const api = await page.evaluate(async () => (await fetch("/api/settings")).status);
  assert.equal(api, 403, "the API refuses an agent too");
  await page.goto(`${app.url}/routing`);
  await page.getByRole("heading", { name: "Routing is for admins only" }).waitFor();
  const routeCreate = await page.evaluate(
    async () => (await fetch("/api/routes", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).status,
  );
  assert.equal(routeCreate, 403, "nor may an agent create a route");
  await page.goto(`${app.url}/settings`);

  // The new password holds: a reload asks for nothing, and it signs in.
  await page.reload();
  await page.getByRole("heading", { name: "Settings is for admins only" }).waitFor();
  const login = await fetch(`${app.url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: agent.email, password: AGENT_PASSWORD }),
  });
  assert.equal(login.status, 200);
  assert.equal((await login.json()).mustChangePassword, false);
}

/** The admin removes the agent (after confirming); the agent's next page is the sign-in form. */
export async function removeAgent(page, { app, agentPage, email }) {
  const team = page.getByRole("region", { name: "Team" });
  await page.reload();
  const row = team.getByTestId("team-row").filter({ hasText: email });
  await row.waitFor();
  assert.doesNotMatch(await row.innerText(), /new password due/i, "the agent chose a password");
  assert.match(await row.innerText(), /Last signed in/);

  await row.getByRole("button", { name: `Remove ${email}` }).click();
  const confirm = page.getByRole("dialog", { name: `Remove ${email}?` });
  await confirm.getByRole("button", { name: "Remove" }).click();
  await confirm.waitFor({ state: "hidden" });
  await row.waitFor({ state: "detached" });

  await agentPage.goto(`${app.url}/`);
  await agentPage.waitForURL(/\/login/);
}
