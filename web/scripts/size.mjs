// Prints the gzipped size of the JavaScript that dist/index.html loads on the
// first page load (its module scripts and modulepreloads, which pull nothing
// else statically) and fails above the budget. Lazy chunks are listed apart.
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const BUDGET = 300 * 1024;
const dist = fileURLToPath(new URL("../dist/", import.meta.url));

let html;
try {
  html = await readFile(`${dist}index.html`, "utf8");
} catch {
  console.error("dist/index.html is missing: run `npm run build` first.");
  process.exit(1);
}

const initial = new Set();
for (const m of html.matchAll(/<script[^>]*\bsrc="\/?([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]*href="\/?([^"]+\.js)"[^>]*rel="modulepreload"/g)) initial.add(m[1]);
if (initial.size === 0) {
  console.error("index.html loads no script: is this a Vite build?");
  process.exit(1);
}

// Follow static imports of the initial chunks (Vite lists them as modulepreloads, but be sure).
const queue = [...initial];
while (queue.length > 0) {
  const file = queue.pop();
  const code = await readFile(dist + file, "utf8");
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    const dep = `assets/${m[1]}`;
    if (!initial.has(dep)) {
      initial.add(dep);
      queue.push(dep);
    }
  }
}

const gz = async (file) => gzipSync(await readFile(dist + file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
console.log("First load (gzipped):");
for (const file of [...initial].sort()) {
  const size = await gz(file);
  total += size;
  console.log(`  ${kb(size).padStart(9)}  ${file}`);
}
const lazy = (await readdir(`${dist}assets`)).filter((f) => f.endsWith(".js") && !initial.has(`assets/${f}`));
if (lazy.length) {
  console.log("Loaded on demand (gzipped):");
  for (const f of lazy.sort()) console.log(`  ${kb(await gz(`assets/${f}`)).padStart(9)}  assets/${f}`);
}
console.log(`Total first-load JS: ${kb(total)} gzipped (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error("Over budget.");
  process.exit(1);
}
