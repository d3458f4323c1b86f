// Settings browser test, alerts that arrive: email switched on with a (fake)
// SMTP server that is there, its test email received, then a manual reply
// that Twilio reports undelivered comes to the admin as a delivery-failure
// email, and the customer's first text as a new-lead SMS to the owner.
import assert from "node:assert/strict";
import { postInboundSms, postStatus } from "./app.mjs";
import { subjectOf, textOf } from "./fake-smtp.mjs";
import { waitFor } from "./fakes.mjs";
import { eventually } from "./settings-steps.mjs";

const CUSTOMER = "+15557654321";
const OWNER = "+15551234567";

/** Email alerts on, pointing at `smtp`; the test email arrives and the card says where it went. */
export async function emailAlertsArrive(page, { smtp, adminEmail }) {
  const alerts = page.getByRole("region", { name: "Notifications" });
  await alerts.getByRole("switch", { name: "Email" }).click();
  await alerts.getByLabel("Port").fill(String(smtp.port));
  await alerts.getByRole("button", { name: "Save notifications" }).click();
  await eventually(async () => alerts.getByRole("button", { name: "Send test email" }).isEnabled(), "the save to finish");
  await alerts.getByRole("button", { name: "Send test email" }).click();
  await alerts.getByRole("status").filter({ hasText: `Sent to ${adminEmail}` }).waitFor({ timeout: 30_000 });
  const test = await waitFor(smtp.mails, (m) => subjectOf(m) === "CloseBot SMS: test alert", 10_000, "the test email");
  assert.equal(test.from, "alerts@example.com");
  assert.deepEqual(test.to, [adminEmail], "with no recipients typed, every admin gets it");
}

/** A customer texts; the admin answers from the thread; Twilio reports it undelivered (30003). */
export async function deliveryFailureArrives(page, { app, twilio, smtp, accountSid, authToken, number, adminEmail }) {
  await postInboundSms(app, authToken, { from: CUSTOMER, to: number, body: "Can someone call me?", accountSid });
  const leadSms = await waitFor(twilio.messages, (m) => m.to === OWNER, 20_000, "the new-lead SMS to the owner");
  assert.equal(leadSms.from, number);
  assert.match(leadSms.body, /new lead/i);
  assert.match(leadSms.body, /\+15557654321|\(555\) 765-4321/);

  await page.goto(`${app.url}/conversations`);
  await page.getByTestId("conversation-row").filter({ hasText: "(555) 765-4321" }).click();
  const reply = "Sure, what number should we call?";
  await page.getByRole("textbox", { name: "Message" }).fill(reply);
  await page.getByRole("button", { name: "Send message" }).click();
  const sent = await waitFor(twilio.messages, (m) => m.body === reply, 15_000, "Twilio to receive the manual reply");
  await postStatus(app, authToken, { messageSid: sent.sid, accountSid, status: "undelivered", errorCode: "30003" });

  const alert = await waitFor(smtp.mails, (m) => /delivery failure/i.test(subjectOf(m)), 30_000, "the delivery-failure email");
  assert.deepEqual(alert.to, [adminEmail]);
  const text = textOf(alert);
  assert.match(text, /\+15557654321/, "it names the customer");
  assert.match(text, /30003/, "and Twilio's error code");
  assert.match(text, /what number should we call/, "and the text that did not arrive");
  assert.match(text, new RegExp(`See them in the dashboard: ${app.url}`), "with a link to the dashboard");
}
