/**
 * CSV of a chart's numbers, built in the browser from the data it shows:
 * UTF-8 with a byte-order mark (Excel reads the accents right), CRLF lines,
 * quoted where needed, and any text cell a spreadsheet would run as a
 * formula (= + - @, tab, CR) prefixed with ' — bot names are user data.
 */

export type Cell = string | number | null;

/** A text cell a spreadsheet would treat as a formula gets a leading '. Numbers are numbers. */
export function neutralise(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const BOM = "\uFEFF";

/** The whole file: BOM, the header row, then the rows. */
export function buildCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map((c) => quoted(neutralise(c))).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** A safe file name: `messages-2026-11-01-to-2026-11-30.csv`. */
export function csvFileName(chart: string, start: string, end: string): string {
  const slug = chart.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return start === end ? `${slug}-${start}.csv` : `${slug}-${start}-to-${end}.csv`;
}

/** Saves `csv` as `fileName` (a blob link clicked; nothing leaves the browser). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the blob can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
