// After `vite build`: writes a brotli (`.br`) and a gzip (`.gz`) copy beside
// every text file of dist/, which the server embeds and sends to browsers
// that accept them (src/http/web_assets.rs). Only copies smaller than the
// file are kept; fonts and images are compressed already.
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

async function filesIn(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesIn(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

function brotli(data) {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

function gzip(data) {
  return gzipSync(data, { level: 9 });
}

let files;
try {
  files = await filesIn(dist);
} catch {
  console.error("dist/ is missing: run `vite build` first.");
  process.exit(1);
}
// Run again on the same dist/, copies of files that changed or are gone go.
await Promise.all(files.filter((f) => /\.(?:br|gz)$/.test(f)).map((f) => rm(f)));
let plain = 0;
let packed = 0;
for (const file of files.filter((f) => TEXT.test(f))) {
  const data = await readFile(file);
  const br = brotli(data);
  const gz = gzip(data);
  if (br.length < data.length) await writeFile(`${file}.br`, br);
  if (gz.length < data.length) await writeFile(`${file}.gz`, gz);
  plain += data.length;
  packed += Math.min(br.length, data.length);
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`precompressed dist/: ${kib(plain)} of text, ${kib(packed)} with brotli (a .br and a .gz beside each file)`);
