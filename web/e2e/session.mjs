// A browser page for a test, as a user gets it: a fresh context watched for
// Content-Security-Policy violations and uncaught page errors, signed in
// through the login form.

import assert from "node:assert/strict";

import { watchCsp } from "./csp.mjs";

/**
 * A fresh context (`options` as for `browser.newContext`) watched for CSP
 * violations and page errors; `finish` asserts there were none and closes it.
 */
export async function watchedContext(browser, options = {}) {
  const context = await browser.newContext(options);
  const csp = await watchCsp(context);
  const errors = [];
  context.on("page", (page) => page.on("pageerror", (e) => errors.push(e.message)));
  const finish = async () => {
    assert.deepEqual(errors, [], "no uncaught errors in the page");
    csp.assertNone(assert);
    await context.close();
  };
  return { context, csp, errors, finish };
}

/** Signs `page` in through the login form at `appUrl` and waits for the Dashboard. */
export async function signIn(page, appUrl, { email, password }) {
  await page.goto(`${appUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

/** A `watchedContext` with one page signed in as `user`. */
export async function signedInPage(browser, appUrl, user, options) {
  const watched = await watchedContext(browser, options);
  const page = await watched.context.newPage();
  await signIn(page, appUrl, user);
  return { ...watched, page };
}
