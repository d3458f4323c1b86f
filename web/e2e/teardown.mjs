// What every browser test file stops once its tests are done — the browser,
// the app and the fakes — and, when one of them failed, the tail of the
// server's log, printed so a failed CI run can be read without a re-run.

import { after } from "node:test";

/**
 * Registers the file's `after` hook; `running` says what is up by then
 * (`{ browser, app, fakes }`). Returns `guarded(fn)`: `fn` as a test body
 * whose failure gets the server's log printed.
 */
export function stopAfterAll(running) {
  let failed = false;
  after(async () => {
    const { browser, app, fakes = [] } = running();
    await browser?.close().catch(() => undefined);
    if (failed && app) console.error(`--- server log (tail) ---\n${(await app.logs()).split("\n").slice(-60).join("\n")}`);
    await app?.stop();
    await app?.cleanup();
    for (const fake of fakes) await fake?.close();
  });
  return (fn) => async () => {
    try {
      await fn();
    } catch (error) {
      failed = true;
      throw error;
    }
  };
}
