// Prints the size of the JavaScript that dist/index.html loads on every first
// page load (its module scripts and modulepreloads, which pull nothing else
// statically) as the server sends it to a browser: the brotli copy the build
// wrote beside each file (scripts/compress.mjs). Fails above the budget.
// Each page's own chunks are loaded on demand and listed apart; the browser
// test measures the bytes on the wire of whole pages (e2e/wire.mjs).
import { readFile, readdir, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";

// Measured: 115.6 KiB (React, the router, the query client, the API client, toasts, shared Radix pieces).
const BUDGET = 135 * 1024;
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

const sizeOf = async (path) => (await stat(path)).size;
// compress.mjs keeps a copy only when it is smaller; without one the server sends the file as is.
const sentSize = async (path, plain) => {
  try {
    return await sizeOf(path);
  } catch {
    return plain;
  }
};
if (!(await readdir(`${dist}assets`)).some((f) => f.endsWith(".js.br"))) {
  console.error("dist/ has no brotli copies: `npm run build` precompresses it (scripts/compress.mjs).");
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const line = async (file) => {
  const plain = await sizeOf(dist + file);
  const [br, gz] = await Promise.all([sentSize(`${dist}${file}.br`, plain), sentSize(`${dist}${file}.gz`, plain)]);
  console.log(`  ${kb(br).padStart(10)} ${kb(gz).padStart(10)} ${kb(plain).padStart(10)}  ${file}`);
  return br;
};
const header = `  ${"brotli".padStart(10)} ${"gzip".padStart(10)} ${"plain".padStart(10)}`;
let total = 0;
console.log(`Every first load:\n${header}`);
for (const file of [...initial].sort()) total += await line(file);
const lazy = (await readdir(`${dist}assets`)).filter((f) => f.endsWith(".js") && !initial.has(`assets/${f}`));
if (lazy.length) {
  console.log(`Loaded on demand, by the pages that need them:\n${header}`);
  for (const f of lazy.sort()) await line(`assets/${f}`);
}
console.log(`Total first-load JS: ${kb(total)} as sent (brotli; budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error("Over budget.");
  process.exit(1);
}
