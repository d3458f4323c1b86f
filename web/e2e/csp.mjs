// Content-Security-Policy violations in a browser context: Chromium reports
// each one on the console ("Refused to … because it violates the following
// Content Security Policy directive") and as a `securitypolicyviolation`
// event in the page. Both are collected; a test fails on any of them.

/** Starts watching every page of `context` (call before opening pages). */
export async function watchCsp(context) {
  const violations = [];
  await context.exposeBinding("__cspViolation", ({ page }, v) => {
    violations.push({ from: "event", url: page.url(), ...v });
  });
  // Runs before the page's own scripts, outside its policy.
  await context.addInitScript(() => {
    globalThis.document.addEventListener("securitypolicyviolation", (e) => {
      void globalThis.__cspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
    });
  });
  const watchPage = (page) =>
    page.on("console", (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push({ from: "console", url: page.url(), text: message.text() });
    });
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  return {
    violations,
    assertNone(assert) {
      assert.deepEqual(violations, [], "the app broke its own Content-Security-Policy");
    },
  };
}

/**
 * Proves the policy is enforced and the watcher hears it: an inline script
 * injected into `page` must be blocked, and reported.
 */
export async function injectInlineScript(page) {
  return page.evaluate(async () => {
    const script = globalThis.document.createElement("script");
    script.textContent = "globalThis.__inlineScriptRan = true";
    globalThis.document.head.append(script);
    await new Promise((r) => setTimeout(r, 200));
    script.remove();
    return globalThis.__inlineScriptRan === true;
  });
}
