// The contact panel: what CloseBot collected, the opt-out evidence, the links
// to the conversation, edits with a refusal beside its field, a delete after a
// confirmation that says what goes and what stays; and what an agent may do.
import assert from "node:assert/strict";
import { eventually } from "./contacts-steps.mjs";

async function openPanel(page, name) {
  await page.getByRole("searchbox", { name: "Search contacts" }).fill(name);
  await page.getByRole("button", { name: `Open ${name}` }).click();
  const panel = page.getByRole("dialog", { name: "Contact details" });
  await panel.getByRole("heading", { name, exact: true }).waitFor();
  return panel;
}

export async function panelEditAndDelete(page, { app, admin, ids, shots }) {
  // --- Ada: her details, the summary, what the bot collected (CloseBot's lead) and what the import added.
  let panel = await openPanel(page, "Ada Lovelace");
  assert.match(page.url(), new RegExp(`contact=${ids.ada}`), "the open contact is in the URL");
  const details = await panel.getByTestId("details").innerText();
  assert.match(details, /\+1 \(202\) 555-0101/);
  assert.match(details, /ada@example\.com/);
  assert.match(details, /Analytical Engines/);
  assert.match(details, /Booked/);
  assert.match(details, /vip/);
  const fields = await panel.getByTestId("lead-field").allInnerTexts();
  assert.deepEqual(fields.map((f) => f.replace(/\s+/g, " ").trim()), ["Company Size 50 AI", "Industry Retail", "Priority High AI"]);
  assert.match(await panel.getByTestId("lead-tags").innerText(), /demo-requested/);
  assert.match(await panel.getByTestId("own-fields").innerText(), /Headcount\s+10/);
  const detail = await admin(`/api/contacts/${ids.ada}`);
  assert.match(await panel.getByTestId("summary").innerText(), new RegExp(`${detail.messageCount} messages exchanged`));
  assert.ok(detail.messageCount >= 3, "her text, the bot's reply and the import's first message");
  await page.waitForTimeout(300); // the panel finishes sliding in
  await page.screenshot({ path: `${shots}contact-panel.png` });

  // --- Edit: a bad email is refused beside the field; then saved with a tag added and one removed.
  await panel.getByRole("button", { name: "Edit" }).click();
  const form = panel.getByRole("form", { name: "Edit contact" });
  await form.getByLabel("Email").fill("ada@");
  await form.getByLabel("Tags", { exact: true }).fill("speaker");
  await form.getByLabel("Tags", { exact: true }).press("Enter");
  await form.getByRole("button", { name: "Remove tag vip" }).click();
  await form.getByLabel("Status").selectOption("qualified");
  await form.getByRole("button", { name: "Save" }).click();
  const emailError = form.getByTestId("contact-email-error");
  await emailError.waitFor();
  assert.match(await emailError.innerText(), /email: `ada@` is not an email address/);
  assert.equal(await form.getByLabel("Email").getAttribute("aria-invalid"), "true");
  await form.getByLabel("Email").fill("ada@lovelace.dev");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText("Contact saved", { exact: true }).waitFor();
  await form.waitFor({ state: "detached" });
  const saved = await admin(`/api/contacts/${ids.ada}`);
  assert.equal(saved.email, "ada@lovelace.dev");
  assert.equal(saved.status, "qualified");
  assert.deepEqual(saved.tags, ["speaker"]);
  assert.match(await panel.getByTestId("details").innerText(), /ada@lovelace\.dev[\s\S]*Qualified[\s\S]*speaker/);
  const row = page.getByTestId("contact-row").filter({ hasText: "Ada Lovelace" });
  await eventually(async () => /Qualified/.test(await row.innerText()) && /speaker/.test(await row.innerText()), "the table row to show the edit");

  // --- View full history opens her conversation; Send message opens it ready to type.
  await panel.getByRole("link", { name: /View full history/ }).click();
  await page.waitForURL(new RegExp(`/conversations/${ids.ada}$`));
  await page.getByRole("log", { name: "Messages" }).getByText("Hi, I would like a demo").waitFor();
  await page.goBack();
  panel = page.getByRole("dialog", { name: "Contact details" });
  await panel.getByRole("heading", { name: "Ada Lovelace", exact: true }).waitFor();
  await panel.getByRole("link", { name: /Send message/ }).click();
  await page.waitForURL(new RegExp(`/conversations/${ids.ada}$`));
  await eventually(async () => page.evaluate(() => globalThis.document.activeElement?.getAttribute("aria-label") === "Message"), "the message box to have the focus");
  await page.goBack();
  await page.getByRole("dialog", { name: "Contact details" }).getByRole("heading", { name: "Ada Lovelace", exact: true }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog", { name: "Contact details" }).waitFor({ state: "hidden" });
  assert.doesNotMatch(page.url(), /contact=/, "closing the panel takes it out of the URL");

  // --- Stan opted out: the evidence, no Send message; deleting him says what goes and what stays.
  panel = await openPanel(page, "Stan Stopper");
  const optOut = await panel.getByTestId("opt-out").innerText();
  const stan = await admin(`/api/contacts/${ids.stan}`);
  assert.match(optOut, /They replied “STOP” on/);
  assert.ok(optOut.includes(stan.optOut.messageSid), "the message that opted him out is named");
  assert.ok(await panel.getByRole("button", { name: /Send message/ }).isDisabled(), "no message to an opted-out contact");
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shots}contact-panel-opted-out.png` });
  await panel.getByRole("button", { name: "Delete contact" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Stan Stopper?" });
  await confirm.waitFor();
  const words = await confirm.innerText();
  assert.match(words, /Their conversation and its one message go too; this cannot be undone/);
  assert.match(words, /opted out and stays suppressed/);
  await page.screenshot({ path: `${shots}contact-delete.png` });
  await confirm.getByRole("button", { name: "Delete contact" }).click();
  await page.getByText("Stan Stopper deleted", { exact: true }).waitFor();
  await page.getByRole("dialog", { name: "Contact details" }).waitFor({ state: "hidden" });
  await page.getByTestId("contacts-empty").waitFor();
  const gone = await fetch(`${app.url}/api/contacts/${ids.stan}`, { headers: { Cookie: await cookieOf(page, app) } });
  assert.equal(gone.status, 404);
  // Still suppressed: importing his number again is refused as opted out.
  const draft = await admin("/api/contacts/import?fileName=again.csv", { method: "POST", headers: { "Content-Type": "text/csv" }, body: "phone,name\n+12025550104,Stan again\n" });
  assert.equal(draft.preview[0].outcome, "reject");
  assert.match(draft.preview[0].reason, /opted out/i);
}

async function cookieOf(page, app) {
  const cookies = await page.context().cookies(app.url);
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

export async function agentMayEditOnly(page, { admin, ids }) {
  assert.equal(await page.getByRole("button", { name: "Import Contacts" }).count(), 0, "agents do not import");
  assert.ok(await page.getByRole("link", { name: /Export CSV/ }).isVisible(), "agents export");
  const panel = await openPanel(page, "Grace Hopper");
  assert.equal(await panel.getByRole("button", { name: "Delete contact" }).count(), 0, "agents do not delete");
  await panel.getByRole("button", { name: "Edit" }).click();
  const form = panel.getByRole("form", { name: "Edit contact" });
  await form.getByLabel("Company").fill("US Navy");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText("Contact saved", { exact: true }).waitFor();
  assert.equal((await admin(`/api/contacts/${ids.grace}`)).company, "US Navy");
}
