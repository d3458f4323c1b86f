// The Routing browser test's survey part: the satisfaction survey switched
// on and worded in the Configure drawer (a refusal shown beside its field),
// saved end to end; then CloseBot books the customer, the survey goes out
// within a sweep, and the customer's "5!" is thanked and kept from the bot.
import assert from "node:assert/strict";
import { postInboundSms } from "./app.mjs";
import { waitFor } from "./fakes.mjs";

const QUESTION = "How was your HVAC visit? Reply 1–5 (5 = great).";
const THANKS = "Thanks — that helps us a lot!";

/** Switches the survey on for the route of `shown`, with a bad quiet time first; returns the saved route. */
export async function configureSurvey(page, { shown, routeOf, number, shots }) {
  await page.getByRole("button", { name: `Configure ${shown}` }).click();
  const drawer = page.getByRole("dialog", { name: "Configure route" });
  await drawer.waitFor();
  await drawer.getByRole("switch", { name: "Ask for a satisfaction score" }).click();
  assert.equal(await drawer.getByLabel("Survey question").inputValue(), "How did we do? Reply 1–5 (5 = great).", "the default wording");
  await drawer.getByLabel("Survey question").fill(QUESTION);
  await drawer.getByLabel("Thank-you message").fill(THANKS);
  const amount = drawer.getByLabel("Ask after a quiet conversation of");
  const unit = drawer.getByLabel("Quiet time unit");
  assert.equal(await amount.inputValue(), "1");
  assert.equal(await unit.inputValue(), "days");

  // Thirty-one days is more than the server allows: its refusal shows beside the quiet time.
  await amount.fill("31");
  await drawer.getByRole("button", { name: "Save" }).click();
  const refusal = drawer.locator("#survey-quiet-error");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /between 1 minute and 30 days/);
  assert.equal(await drawer.getByRole("alert").count(), 1, "only the quiet time is marked");

  await amount.fill("2");
  await unit.selectOption("hours");
  await refusal.waitFor({ state: "detached" });
  await drawer.getByRole("switch", { name: "Ask for a satisfaction score" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}routing-survey.png` });
  await drawer.getByRole("button", { name: "Save" }).click();
  await drawer.waitFor({ state: "hidden" });
  const saved = await routeOf(number);
  assert.deepEqual(saved.csatSurvey, { enabled: true, question: QUESTION, thankYou: THANKS, quietMinutes: 120 });

  // Reopened, the drawer shows what was saved.
  await page.getByRole("button", { name: `Configure ${shown}` }).click();
  await drawer.waitFor();
  assert.equal(await drawer.getByLabel("Survey question").inputValue(), QUESTION);
  assert.equal(await drawer.getByLabel("Ask after a quiet conversation of").inputValue(), "2");
  assert.equal(await drawer.getByLabel("Quiet time unit").inputValue(), "hours");
  await drawer.getByRole("button", { name: "Close", exact: true }).click();
  await drawer.waitFor({ state: "hidden" });
  return saved;
}

/** CloseBot books `customer`; the survey follows, and a score is thanked once and not forwarded. */
export async function bookAndAnswer({ app, authToken, accountSid, twilio, closebot, responseUrl, customer, number }) {
  const state = closebot.events.filter((e) => e.contactId === customer).at(-1).state;
  const booked = await fetch(responseUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: "You're booked for Thursday at 10am!", state, tags: [{ name: "Appointment booked" }] }),
  });
  assert.ok(booked.ok, `the booking callback answered ${booked.status}`);
  const survey = await waitFor(twilio.messages, (m) => m.body === QUESTION && m.to === customer, 40_000, "the survey after the booking");
  assert.equal(survey.from, number);

  const forwarded = closebot.events.length;
  await postInboundSms(app, authToken, { from: customer, to: number, body: "5!", accountSid });
  await waitFor(twilio.messages, (m) => m.body === THANKS && m.to === customer, 15_000, "the thank-you");
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(closebot.events.length, forwarded, "the score did not reach the bot");
  assert.equal(twilio.messages.filter((m) => m.body === THANKS).length, 1, "thanked once");
}
