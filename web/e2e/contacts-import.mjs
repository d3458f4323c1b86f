// The import dialog, as an admin uses it: a CSV dropped on the page with
// good, repeated and bad rows and an opted-out number; columns checked and
// changed; the preview read row by row; a paced first message; the progress
// and the report, which survive a reload; the rows not imported downloaded.
import assert from "node:assert/strict";
import { waitFor } from "./fakes.mjs";
import { download, eventually, parseCsv } from "./contacts-steps.mjs";

export const CSV = [
  "Mobile,First Name,Last Name,Email,Team size,Tags",
  '(202) 555-0111,Katherine,Johnson,kj@example.com,200,"nasa; vip"', // row 2: new
  "202-555-0112,Dorothy,Vaughan,,50,", // row 3: new
  "+1 202 555 0101,Ada,Lovelace,,10,", // row 4: Ada is known: updated, not duplicated
  "2025550111,Kathy,Again,,,", // row 5: row 2's phone again: skipped
  "12345,Bad,Number,,,", // row 6: not a phone
  "202.555.0104,Stan,Stopper,,,", // row 7: opted out
].join("\r\n");

const OUTCOMES = ["create", "create", "update", "skip", "reject", "reject"];

async function outcomes(dialog) {
  return dialog.getByTestId("preview-row").evaluateAll((rows) => rows.map((r) => r.dataset.outcome));
}

/** Drops `text` as `name` on the dialog's drop zone, as a person dragging a file from their desktop. */
export async function dropFile(page, zone, name, text) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new globalThis.DataTransfer();
      dt.items.add(new globalThis.File([text], name, { type: "text/csv" }));
      return dt;
    },
    { name, text },
  );
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

export async function importThroughTheDialog(page, { admin, twilio, shots, route }) {
  await page.getByRole("button", { name: "Import Contacts" }).click();
  const dialog = page.getByRole("dialog", { name: "Import contacts" });
  await dialog.waitFor();
  await dropFile(page, dialog.getByTestId("drop-zone"), "leads.csv", CSV);

  // The server's guess, one dropdown per column.
  await dialog.getByText("leads.csv", { exact: true }).waitFor();
  const becomes = (header) => dialog.getByLabel(`${header} becomes`);
  assert.deepEqual(
    await Promise.all(["Mobile", "First Name", "Last Name", "Email", "Team size", "Tags"].map((h) => becomes(h).inputValue())),
    ["phone", "firstName", "lastName", "email", "field", "tags"],
  );
  assert.equal(await dialog.getByLabel("Team size: field name").inputValue(), "Team size");
  assert.deepEqual(await outcomes(dialog), OUTCOMES);
  await page.screenshot({ path: `${shots}contacts-import-mapping.png` });
  const rows = dialog.getByTestId("preview-row");
  assert.match(await rows.nth(3).innerText(), /Skipped/);
  assert.match(await rows.nth(4).innerText(), /Not imported/);
  assert.match(await rows.nth(5).innerText(), /opted out/i);
  assert.match(await rows.nth(2).innerText(), /Updates a contact/);

  // One phone column: giving "phone" to Email keeps Mobile's numbers as a custom field, and the preview says what that does.
  await becomes("Email").selectOption("phone");
  assert.equal(await becomes("Mobile").inputValue(), "field");
  await eventually(async () => (await outcomes(dialog)).every((o) => o === "reject"), "the preview to reject rows without a readable phone");
  await becomes("Mobile").selectOption("phone");
  assert.equal(await becomes("Email").inputValue(), "field", "Email gave the phone back and is a field now");
  await becomes("Email").selectOption("email");
  await dialog.getByLabel("Team size: field name").fill("Headcount");
  await eventually(async () => JSON.stringify(await outcomes(dialog)) === JSON.stringify(OUTCOMES), "the preview to be as first guessed");
  await dialog.getByLabel("Status of new contacts (when the row names none)").selectOption("active");

  // A first message through the sales route, and what its pace means.
  await dialog.getByRole("switch").click();
  await dialog.getByLabel("From", { exact: true }).selectOption(route.id);
  await dialog.getByLabel("Message", { exact: true }).fill("Hi! This is Acme, glad to have you. Reply STOP to opt out.");
  const pace = dialog.getByLabel("Pace (segments a second)");
  // The preview covers the whole file: three rows become contacts, so three texts.
  assert.match(await dialog.getByTestId("pace-estimate").innerText(), /under a minute for 3 contacts \(1 segment each at 1 a second\)/);
  await pace.fill("0.05");
  assert.match(await dialog.getByTestId("pace-estimate").innerText(), /about 1 minute for 3 contacts/);
  await page.screenshot({ path: `${shots}contacts-import.png` });
  await pace.fill("10");
  assert.match(await dialog.getByTestId("pace-estimate").innerText(), /under a minute for 3 contacts/);

  await dialog.getByRole("button", { name: "Import 6 rows" }).click();
  const progress = page.getByRole("dialog", { name: "Import of leads.csv" });
  await progress.getByRole("progressbar").waitFor();
  await eventually(async () => (await progress.getByTestId("import-progress").getAttribute("data-state")) === "done", "the import to finish");
  const count = async (key) => (await progress.getByTestId(`count-${key}`).locator("dd").first().innerText()).trim();
  assert.deepEqual(
    { created: await count("created"), updated: await count("updated"), skipped: await count("skipped"), rejected: await count("rejected") },
    { created: "2", updated: "1", skipped: "1", rejected: "2" },
  );
  assert.equal(await progress.getByRole("progressbar").getAttribute("aria-valuenow"), "6");
  // The first message went to each contact imported, never to the opted-out number.
  for (const to of ["+12025550111", "+12025550112", "+12025550101"]) {
    await waitFor(twilio.messages, (m) => m.to === to && m.body.startsWith("Hi! This is Acme"), 15_000, `the first message to ${to}`);
  }
  assert.equal(twilio.messages.filter((m) => m.to === "+12025550104").length, 0, "nothing to Stan, who opted out");
  await eventually(async () => /3 of 3 handed to Twilio/.test(await progress.getByTestId("first-messages").innerText()), "the first messages to be counted");

  // Gone from the screen and back: the import is remembered across a reload.
  await page.reload();
  const banner = page.getByTestId("import-banner");
  await banner.waitFor();
  assert.match(await banner.innerText(), /Import of leads\.csv finished: 2 created, 1 updated, 1 skipped, 2 rejected/);
  await banner.getByRole("button", { name: "Show report" }).click();
  await progress.waitFor();
  await page.screenshot({ path: `${shots}contacts-import-report.png` });

  // The rows not imported, with their row numbers and reasons.
  const file = await download(page, progress.getByRole("link", { name: /Rows not imported \(3\)/ }));
  assert.equal(file.name, "rows-not-imported.csv");
  const { bom, rows: lines } = parseCsv(file.text);
  assert.ok(bom, "the rejected rows file starts with a BOM");
  assert.deepEqual(lines[0], ["row", "reason", "original row"]);
  const byRow = Object.fromEntries(lines.slice(1).map(([row, reason, raw]) => [row, { reason, raw }]));
  assert.deepEqual(Object.keys(byRow).sort(), ["5", "6", "7"]);
  assert.match(byRow["5"].reason, /row 2|same phone|duplicate|repeat/i);
  assert.match(byRow["6"].raw, /12345/);
  assert.match(byRow["7"].reason, /opted out/i);

  // Closing the report forgets it; the table now has the new contacts with what the file said.
  await progress.getByRole("button", { name: "Close" }).click();
  await banner.waitFor({ state: "hidden" });
  const katherine = (await admin("/api/contacts?search=kj%40example.com")).items[0];
  assert.equal(katherine.name, "Katherine Johnson");
  assert.equal(katherine.status, "active", "the default status chosen in the dialog");
  assert.deepEqual(katherine.tags, ["nasa", "vip"]);
  const katherineDetail = await admin(`/api/contacts/${katherine.id}`);
  assert.equal(katherineDetail.fields.Headcount, "200", "the renamed custom field");
  assert.equal((await admin("/api/contacts?search=2025550111")).total, 1, "the repeated phone made one contact");
}
