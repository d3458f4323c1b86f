// Small parts of the Analytics browser test: the range label it expects,
// reading a table and a card, choosing a preset, and a CSV download read
// back as bytes.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const monthDayYear = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const day = (date, withYear) => (withYear ? monthDayYear : monthDay).format(Date.parse(`${date}T00:00:00Z`));

/** The picker's label for `start`–`end` (YYYY-MM-DD): "Last 30 Days (Nov 1 – Nov 30, 2026)". */
export function expectedLabel(preset, start, end) {
  if (start === end) return `${preset} (${day(end, true)})`;
  return `${preset} (${day(start, start.slice(0, 4) !== end.slice(0, 4))} – ${day(end, true)})`;
}

/** A stat card's part (`conversations-value`, `csat-detail`…) as text. */
export async function statText(page, part) {
  return (await page.getByTestId(`stat-${part}`).innerText()).trim();
}

/** A table's rows, each as its cells' text (header row first). */
export async function rowsOf(table) {
  return table.locator("tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.innerText.trim())));
}

/** Opens the range picker, chooses `preset` and waits for the page to show `label` from the server's answer. */
export async function choosePreset(page, preset, label) {
  await page.getByTestId("range-picker").click();
  await page.getByRole("list", { name: "Preset ranges" }).getByRole("button", { name: preset, exact: true }).click();
  const picker = page.getByTestId("range-picker");
  await picker.filter({ hasText: label }).waitFor();
  await page.locator('[data-testid="analytics"][aria-busy="false"]').waitFor();
  assert.equal((await picker.innerText()).trim(), label);
}

/** Clicks `trigger` and returns the file it downloads: its name, bytes and text. */
export async function downloadCsv(page, trigger) {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const failure = await file.failure();
  assert.equal(failure, null, `the download failed: ${failure}`);
  const bytes = await readFile(await file.path());
  return { name: file.suggestedFilename(), bytes, text: bytes.toString("utf8") };
}
