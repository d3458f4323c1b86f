// Two parts of the Settings browser test: the webhook URLs (copy, rotate)
// and the alert settings (kinds, SMS to the owner, SMTP and its test email).
import assert from "node:assert/strict";

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

/** Copies the inbound and response URLs (read back from the clipboard), then rotates the token. */
export async function copyAndRotateUrls(page, { admin, saved }) {
  // Copy buttons put the exact URL on the clipboard, with a toast.
  const inbound = saved.webhookUrls.inbound;
  const urls = page.getByRole("region", { name: "Webhook URLs" });
  await urls.getByRole("button", { name: "Copy inbound url" }).click();
  await page.getByText("Inbound URL copied", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => globalThis.navigator.clipboard.readText()), inbound);
  await urls.getByRole("button", { name: "Copy response url" }).click();
  await page.getByText("Response URL copied", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => globalThis.navigator.clipboard.readText()), saved.webhookUrls.response);

  // Rotate token: asks first, then shows the new URL and says the old one works for a day.
  await urls.getByRole("button", { name: "Rotate token" }).click();
  const rotateDialog = page.getByRole("dialog", { name: "Make a new response URL?" });
  assert.match(await rotateDialog.innerText(), /old URL keeps working for a day/);
  await rotateDialog.getByRole("button", { name: "Rotate token" }).click();
  await urls.getByText(/the old URL keeps working until/).waitFor();
  const rotated = (await urls.getByTestId("url-response-value").innerText()).trim();
  assert.notEqual(rotated, saved.webhookUrls.response);
  assert.equal(rotated, (await admin("/api/settings")).webhookUrls.response);
}

/** New leads by SMS to the owner from `number`, an SMTP server that is not there, and what its test email says. */
export async function setUpAlerts(page, { admin, number, adminEmail }) {
  const alerts = page.getByRole("region", { name: "Notifications" });
  assert.match(await alerts.getByText(/Empty: every admin/).innerText(), new RegExp(adminEmail));
  await alerts.getByRole("switch", { name: "New leads" }).click();
  await alerts.getByRole("switch", { name: "SMS to your phone" }).click();
  await alerts.getByLabel("Your phone", { exact: true }).fill("+15551234567");
  await alerts.getByLabel("Send from").selectOption(number);
  await alerts.getByLabel("SMTP host").fill("127.0.0.1");
  await alerts.getByLabel("Security").selectOption("none");
  assert.equal(await alerts.getByLabel("Port").inputValue(), "25", "the port follows the security mode");
  await alerts.getByLabel("Port").fill("9");
  await alerts.getByLabel("From address").fill("alerts@example.com");
  assert.ok(await alerts.getByRole("button", { name: "Send test email" }).isDisabled(), "the test waits for a save");
  await alerts.getByRole("button", { name: "Save notifications" }).click();
  await page.getByText("Notification settings saved", { exact: true }).waitFor();
  const stored = (await admin("/api/settings")).alerts;
  assert.deepEqual(stored.kinds, { deliveryFailures: true, newLeads: true, optOuts: false });
  assert.deepEqual(stored.sms, { enabled: true, to: "+15551234567", fromNumber: number });
  assert.equal(stored.email.smtpHost, "127.0.0.1");
  assert.equal(stored.email.smtpPort, 9);
  await alerts.getByRole("button", { name: "Send test email" }).click();
  const outcome = alerts.getByRole("status").filter({ hasText: /SMTP/ });
  await outcome.waitFor({ timeout: 30_000 });
  assert.match(await outcome.innerText(), /SMTP/);
}
