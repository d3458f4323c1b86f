// The Analytics browser test's history, made through the real webhooks:
// two routes (a bot whose bookings come from CloseBot's booking graph, and
// one whose name a spreadsheet would run as a formula, whose bookings come
// from contacts marked booked), five customers, bot replies through the
// CloseBot callback with the forwarded state (one saying the lead is
// qualified), contacts marked booked from the API, and a satisfaction
// survey answered "5".
import assert from "node:assert/strict";
import { postInboundSms } from "./app.mjs";
import { waitFor } from "./fakes.mjs";

export const MAIN = "+15005550006";
export const SECOND = "+15005550007";
export const SALES = { id: "bot_sales", name: "Sales bot", source: "src_sales" };
/** A bot name starting with "+": a spreadsheet would read it as a formula. */
export const SUPPORT = { id: "bot_support", name: "+1 Support line", source: "src_support" };
export const QUESTION = "How did we do? Reply 1–5 (5 = great).";
export const THANKS = "Thanks for your feedback!";

/** Bookings CloseBot's booking graph reports for the Sales bot's source: one, at seeding time. */
export const bookingGraph = { [SALES.source]: [] };

/** A zone whose local time is well away from midnight now (the test's "today" must not roll over). */
export function businessZoneNow(candidates = ["Pacific/Kiritimati", "Asia/Tokyo", "Europe/Paris"]) {
  const hour = (zone) => Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(new Date()));
  return candidates.find((z) => hour(z) >= 1 && hour(z) <= 21) ?? candidates[0];
}

/** The local date (YYYY-MM-DD) in `zone` now, `offsetDays` away. */
export function dateIn(zone, offsetDays = 0) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day") + offsetDays)).toISOString().slice(0, 10);
}

async function contactIdOf(admin, phone) {
  const list = await admin(`/api/contacts?search=${encodeURIComponent(phone.replace(/\D/g, ""))}`);
  const hit = list.items.find((c) => c.phone === phone);
  assert.ok(hit, `contact ${phone} exists`);
  return hit.id;
}

/** CloseBot answers `customer`'s last forwarded text (with `extra` fields, e.g. a qualification flag). */
async function botReplies({ closebot, responseUrl, customer, text, extra = {} }) {
  const forwarded = await waitFor(closebot.events, (e) => e.contactId === customer, 15_000, `${customer}'s text to reach CloseBot`);
  const res = await fetch(responseUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: text, state: forwarded.state, ...extra }),
  });
  assert.ok(res.ok, `the CloseBot callback answered ${res.status}: ${await res.text()}`);
}

/**
 * Seeds the history and returns what the page should show for it:
 * 5 conversations (3 Sales, 2 Support), 2 bookings (one from the graph, one
 * marked), 3 bot replies, outcomes booked 2 / qualified 1 / pending 2, and
 * one survey answered 5.
 */
export async function seedHistory({ app, admin, authToken, accountSid, twilio, closebot }) {
  const [sales, support] = [
    await admin("/api/routes", { method: "POST", body: JSON.stringify({ twilioNumber: MAIN, closebotSourceId: SALES.source, closebotBotId: SALES.id, botName: SALES.name }) }),
    await admin("/api/routes", { method: "POST", body: JSON.stringify({ twilioNumber: SECOND, closebotSourceId: SUPPORT.source, closebotBotId: SUPPORT.id, botName: SUPPORT.name }) }),
  ];
  // The Support route asks for a score after a booking.
  await admin(`/api/routes/${support.id}`, { method: "PUT", body: JSON.stringify({ csatSurvey: { enabled: true, question: QUESTION, thankYou: THANKS, quietMinutes: 43200 } }) });
  const responseUrl = (await admin("/api/settings")).webhookUrls.response;
  const text = (from, to, body) => postInboundSms(app, authToken, { from, to, body, accountSid });

  const c = ["+15550001001", "+15550001002", "+15550001003", "+15550001004", "+15550001005"];
  await text(c[0], MAIN, "Hi, how much is a roof inspection?");
  await text(c[1], MAIN, "Can I book a visit on Friday?");
  await text(c[4], MAIN, "Hello?");
  await text(c[2], SECOND, "My heater makes a noise");
  await text(c[3], SECOND, "Are you open on Sundays?");

  await botReplies({ closebot, responseUrl, customer: c[0], text: "It's $150. What's your address?", extra: { qualified: true } });
  await botReplies({ closebot, responseUrl, customer: c[1], text: "Friday at 10am works — you're booked." });
  await botReplies({ closebot, responseUrl, customer: c[2], text: "Sorry to hear! A technician can come tomorrow." });
  bookingGraph[SALES.source].push(new Date().toISOString());

  // Two contacts marked booked by a person: the Sales one (whose bookings CloseBot's graph counts)
  // and the Support one (whose bookings come from the contacts marked booked).
  for (const phone of [c[1], c[2]]) {
    await admin(`/api/contacts/${encodeURIComponent(await contactIdOf(admin, phone))}`, { method: "PUT", body: JSON.stringify({ status: "booked" }) });
  }
  // The booking brings the survey (within a sweep); the customer answers 5, and is thanked.
  await waitFor(twilio.messages, (m) => m.body === QUESTION && m.to === c[2], 45_000, "the survey after the booking");
  await text(c[2], SECOND, "5");
  await waitFor(twilio.messages, (m) => m.body === THANKS && m.to === c[2], 15_000, "the thank-you for the score");
  return { routes: { sales, support }, customers: c };
}
