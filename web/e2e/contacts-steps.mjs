// Pieces of the Contacts browser test: contacts made the way real ones are
// (texts in, a bot reply naming CloseBot's lead, edits), a bulk import through
// the API, downloads read back, and a small CSV reader for what comes out.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { postInboundSms } from "./app.mjs";
import { waitFor } from "./fakes.mjs";

/** Polls until `fn` returns a truthy value. */
export async function eventually(fn, what, ms = 15_000) {
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

/** RFC 4180 CSV (quotes, doubled quotes, CRLF) into rows of cells; a leading BOM is reported, not kept. */
export function parseCsv(text) {
  const bom = text.startsWith("\uFEFF");
  const body = bom ? text.slice(1) : text;
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return { bom, rows };
}

/** Clicks `trigger` and returns the downloaded file's name and text (Playwright's download API). */
export async function download(page, trigger) {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const failure = await file.failure();
  assert.equal(failure, null, `the download failed: ${failure}`);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

export const PEOPLE = {
  ada: { phone: "+12025550101", route: 0, text: "Hi, I would like a demo", edit: { name: "Ada Lovelace", email: "ada@example.com", company: "Analytical Engines", status: "booked", tags: ["vip"] } },
  grace: { phone: "+12025550102", route: 1, text: "Hello there", edit: { name: "Grace Hopper", status: "closed", tags: ["navy"] } },
  formula: { phone: "+12025550103", route: 0, text: "hey", edit: { name: '=HYPERLINK("http://x","y")', status: "cold" } },
  stan: { phone: "+12025550104", route: 0, text: "STOP", edit: { name: "Stan Stopper" } },
};

/**
 * Texts in from each person (Ada's answered by the bot, naming CloseBot's
 * lead `leadId`), then names and statuses set through the API. Returns each
 * person's contact id.
 */
export async function seedContacts({ app, admin, twilio, closebot, routes, accountSid, authToken, leadId }) {
  const settings = await admin("/api/settings");
  for (const person of Object.values(PEOPLE)) {
    await postInboundSms(app, authToken, { from: person.phone, to: routes[person.route].twilioNumber, body: person.text, accountSid });
  }
  // Ada's text reaches CloseBot; its reply names the lead, so her panel can show what the bot collected.
  const forwarded = await waitFor(closebot.events, (e) => e.contactId === PEOPLE.ada.phone, 15_000, "Ada's text to reach CloseBot");
  const reply = await fetch(settings.webhookUrls.response, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: "Happy to show you. When suits you?", state: forwarded.state, leadId }),
  });
  assert.equal(reply.status, 200, `the bot reply was refused: ${await reply.text()}`);
  await waitFor(twilio.messages, (m) => m.to === PEOPLE.ada.phone, 15_000, "the bot's reply to Ada to be sent");

  const ids = {};
  for (const [key, person] of Object.entries(PEOPLE)) {
    const found = await eventually(async () => (await admin(`/api/contacts?search=${encodeURIComponent(person.phone)}`)).items[0], `${key}'s contact`);
    ids[key] = found.id;
    await admin(`/api/contacts/${found.id}`, { method: "PUT", body: JSON.stringify(person.edit) });
  }
  const stan = await admin(`/api/contacts/${ids.stan}`);
  assert.ok(stan.optOut, "STOP opted Stan out");
  return ids;
}

/** Imports `rows` contacts named "Bulk NN" (tag bulk) through the API, as a script would, and waits for the end. */
export async function bulkImport(admin, rows) {
  const lines = ["phone,name,tags"];
  for (let i = 1; i <= rows; i++) lines.push(`+1 (303) 555-${String(1000 + i)},Bulk ${String(i).padStart(2, "0")},bulk`);
  const draft = await admin("/api/contacts/import?fileName=bulk.csv", { method: "POST", headers: { "Content-Type": "text/csv" }, body: lines.join("\n") });
  await admin(`/api/contacts/import/${draft.id}/start`, { method: "POST", body: JSON.stringify(draft.options) });
  const done = await eventually(async () => {
    const view = await admin(`/api/contacts/import/${draft.id}`);
    return view.state === "done" && view;
  }, "the bulk import to finish");
  assert.equal(done.created, rows);
}

/** The table's names, top to bottom. */
export async function shownNames(page) {
  return page.getByTestId("contact-row").evaluateAll((rows) => rows.map((r) => r.querySelector("td span.truncate")?.textContent ?? ""));
}

/** Waits until the table shows exactly `names` (in this order, unless `anyOrder`). */
export async function expectNames(page, names, what, { anyOrder = false } = {}) {
  const key = (list) => JSON.stringify(anyOrder ? [...list].sort() : list);
  await eventually(async () => key(await shownNames(page)) === key(names), `${what}: ${names.join(", ")}`).catch(async (error) => {
    throw new Error(`${error.message}; shown: ${(await shownNames(page)).join(", ")}`);
  });
}
