// Fake Twilio and CloseBot HTTP servers on 127.0.0.1 speaking their real wire
// formats (the parts the app uses), recording every request they receive.
import { randomBytes } from "node:crypto";
import http from "node:http";

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function listen(server) {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** Resolves when `predicate` holds for one of `list` (polled), or rejects after `ms`. */
export async function waitFor(list, predicate, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const hit = list.find(predicate);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; got ${JSON.stringify(list, null, 1)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Twilio: `POST /2010-04-01/Accounts/{Sid}/Messages.json` (form: To, From, Body,
 * StatusCallback; HTTP Basic auth) → 201 with a message resource; `GET …/Messages.json` → empty list;
 * `GET …/Accounts/{Sid}.json` → the account; `GET …/IncomingPhoneNumbers.json` → `numbers`
 * ({sid, phoneNumber, friendlyName?, smsUrl?}); `POST …/IncomingPhoneNumbers/{Sid}.json`
 * (form SmsUrl, SmsMethod) updates one and is recorded in `numberUpdates`. Wrong credentials
 * (Basic auth other than `accountSid:authToken`) get 401 with Twilio's code 20003. Every
 * request is noted in `requests` ({method, path, authorized}).
 */
export async function startFakeTwilio({ accountSid, authToken, numbers = [] }) {
  const messages = [];
  const requests = [];
  const numberUpdates = [];
  const owned = numbers.map((n) => ({ ...n }));
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  /** A Twilio IncomingPhoneNumber resource as the API returns it (the fields the app reads, and a few more). */
  const numberResource = (n) => ({
    sid: n.sid,
    account_sid: accountSid,
    phone_number: n.phoneNumber,
    friendly_name: n.friendlyName ?? n.phoneNumber,
    sms_url: n.smsUrl ?? "",
    sms_method: n.smsMethod ?? "POST",
    capabilities: { sms: true, mms: true, voice: true, fax: false },
    status: "in-use",
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const body = await readBody(req);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    requests.push({ method: req.method, path: url.pathname, authorized: req.headers.authorization === expectedAuth });
    if (req.headers.authorization !== expectedAuth) {
      return send(res, 401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    }
    if (match && req.method === "POST") {
      const form = new URLSearchParams(body);
      const sid = `SM${randomBytes(16).toString("hex")}`;
      const record = {
        sid,
        accountSid: match[1],
        to: form.get("To"),
        from: form.get("From"),
        body: form.get("Body"),
        statusCallback: form.get("StatusCallback"),
      };
      messages.push(record);
      return send(res, 201, {
        sid,
        account_sid: match[1],
        status: "queued",
        to: record.to,
        from: record.from,
        body: record.body,
        num_segments: "1",
        direction: "outbound-api",
        date_created: new Date().toUTCString().replace("GMT", "+0000"),
        error_code: null,
        error_message: null,
      });
    }
    if (match && req.method === "GET") return send(res, 200, { messages: [], page: 0, page_size: 50 });
    const numberPath = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/.exec(url.pathname);
    if (numberPath && req.method === "POST") {
      const number = owned.find((n) => n.sid === numberPath[2]);
      if (!number) return send(res, 404, { code: 20404, message: "The requested resource was not found", status: 404 });
      const form = new URLSearchParams(body);
      numberUpdates.push({ sid: number.sid, smsUrl: form.get("SmsUrl"), smsMethod: form.get("SmsMethod") });
      if (form.has("SmsUrl")) number.smsUrl = form.get("SmsUrl");
      if (form.has("SmsMethod")) number.smsMethod = form.get("SmsMethod");
      return send(res, 200, numberResource(number));
    }
    if (/^\/2010-04-01\/Accounts\/[^/]+\/IncomingPhoneNumbers\.json$/.test(url.pathname)) {
      const items = owned.map(numberResource);
      return send(res, 200, { incoming_phone_numbers: items, page: 0, page_size: 1000, start: 0, end: Math.max(0, items.length - 1), next_page_uri: null });
    }
    if (/^\/2010-04-01\/Accounts\/[^/]+\.json$/.test(url.pathname)) {
      return send(res, 200, { sid: accountSid, status: "active", friendly_name: "e2e" });
    }
    return send(res, 404, { code: 20404, message: "The requested resource was not found", status: 404 });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, messages, requests, numberUpdates, numbers: owned, close: () => close(server) };
}

// The fields CloseBot's spec (contracts/closebot.openapi.json) allows in the
// bodies the app sends when it makes a source and attaches a bot to it
// (AddSourceInput, AttachSourceInput; additionalProperties: false).
const ADD_SOURCE_FIELDS = ["name", "category", "key", "accessToken", "refreshToken", "expiresIn", "autoShutoff", "gracefulGoodbye", "summarizeAttachments", "webhookCallback"];
const ATTACH_SOURCE_FIELDS = ["tags", "channels", "personaNameOverride", "enabled"];

function unknownFields(body, allowed) {
  return Object.keys(body ?? {}).filter((k) => !allowed.includes(k));
}

/**
 * CloseBot: `POST /webhook/event/{sourceId}` (X-CB-KEY; JSON type, contactId,
 * message, state) → 200; lead search, agency summary, AI toggles.
 * For the Bots page: `bots` ({id, name, category?, followUpActive?, sources?:
 * [{id, name, category?, enabled?}]}) are listed by `GET /bot` as BotDtos,
 * with those made since by `POST /bot/ai` (recorded in `createdBots`,
 * answered after `aiDelayMs`); `bookingsBySource` gives the agency summary
 * of a `sourceId` (others get `bookings`), each sourceId asked being noted
 * in `summaries`. For the Routing page: `GET /agency/source`
 * (SourceDtoPaginated of `sources`), `POST /agency/source` (recorded in
 * `createdSources`, answered with a SourceDto: a new sourceId and the
 * webhookCallback it was given) and `POST /bot/{id}/source/{sourceId}`
 * (recorded in `attachments`; the source joins the bot's sources). For the
 * Contacts page, `GET /lead/{leadId}` answers the leads in `leads` (see below).
 * For the Analytics page, `GET /botMetric/bookingGraph` answers the sources
 * in `bookingGraph` (see below); others get 404, as a source without data.
 */
export async function startFakeCloseBot({ apiKey, bookings = 3, bots = [], bookingsBySource = {}, aiDelayMs = 0, sources = [], leads = {}, bookingGraph = {} }) {
  const events = [];
  const requests = [];
  const createdSources = [];
  const attachments = [];
  const graphRequests = [];

  // ---- Bots and their figures (the Bots page) -------------------------------
  const listed = bots.map((b) => ({ ...b }));
  const createdBots = [];
  const summaries = [];
  /** A BotDto as CloseBot's spec describes it (contracts/closebot.openapi.json). */
  const botDto = (b) => ({
    id: b.id,
    name: b.name,
    category: b.category ?? "WebHook",
    folderId: null,
    modifiedAt: new Date().toISOString(),
    followUpActive: b.followUpActive ?? false,
    favorited: false,
    locked: false,
    reschedulingEnabled: false,
    smartFollowUp: false,
    followUpRepeat: false,
    followUpVarianceMinutes: 0,
    personaIds: [],
    versions: [],
    tools: [],
    sources: (b.sources ?? []).map((s) => ({ id: s.id, name: s.name ?? null, category: s.category ?? "WebHook", key: null, enabled: s.enabled ?? true, tags: [], channelList: ["SMS"] })),
  });
  /** Answers the Bots page's calls; false for any other request. */
  async function botsAndMetrics(req, url, raw, res) {
    if (url.pathname === "/bot" && req.method === "GET") {
      send(res, 200, listed.map(botDto));
      return true;
    }
    if (url.pathname === "/bot/ai" && req.method === "POST") {
      const input = JSON.parse(raw);
      createdBots.push({ name: input.name, description: input.description, category: input.category });
      const bot = { id: `bot_ai_${createdBots.length}`, name: input.name, category: input.category, sources: [] };
      if (aiDelayMs) await new Promise((r) => setTimeout(r, aiDelayMs));
      listed.push(bot);
      send(res, 200, botDto(bot));
      return true;
    }
    if (url.pathname === "/botMetric/agencySummary" && req.method === "GET") {
      const sourceId = url.searchParams.get("sourceId");
      summaries.push(sourceId);
      const booked = sourceId !== null && sourceId in bookingsBySource ? bookingsBySource[sourceId] : bookings;
      send(res, 200, { currentMonthSuccessfulBookings: booked, lastMonthSuccessfulBookings: 1, currentMonthMessages: 10 });
      return true;
    }
    return false;
  }
  // ---------------------------------------------------------------------------

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const raw = await readBody(req);
    requests.push({ method: req.method, path: url.pathname });
    if (req.headers["x-cb-key"] !== apiKey) return send(res, 401, { message: "Invalid API key" });
    const event = /^\/webhook\/event\/([^/]+)$/.exec(url.pathname);
    if (event && req.method === "POST") {
      events.push({ sourceId: decodeURIComponent(event[1]), ...JSON.parse(raw) });
      return send(res, 200, { success: true });
    }
    if (await botsAndMetrics(req, url, raw, res)) return;
    if (url.pathname === "/lead/search" && req.method === "POST") return send(res, 200, { leads: [], total: 0 });
    if (url.pathname === "/agency/source" && req.method === "GET") {
      const category = url.searchParams.get("category");
      const results = sources.filter((s) => !category || s.category === category);
      return send(res, 200, { total: results.length, results, page: Number(url.searchParams.get("page") ?? 0), pageSize: results.length });
    }
    if (url.pathname === "/agency/source" && req.method === "POST") {
      const body = JSON.parse(raw || "{}");
      const extra = unknownFields(body, ADD_SOURCE_FIELDS);
      if (extra.length) return send(res, 400, `Unknown fields: ${extra.join(", ")}`);
      createdSources.push(body);
      const source = {
        agencyId: "agency_e2e",
        sourceId: `src_${randomBytes(6).toString("hex")}`,
        name: body.name ?? null,
        category: body.category ?? null,
        connected: true,
        webhookCallback: body.webhookCallback ?? null,
        bots: [],
      };
      sources.push(source);
      return send(res, 200, source);
    }
    const attach = /^\/bot\/([^/]+)\/source\/([^/]+)$/.exec(url.pathname);
    if (attach && req.method === "POST") {
      const [botId, sourceId] = [decodeURIComponent(attach[1]), decodeURIComponent(attach[2])];
      const body = JSON.parse(raw || "{}");
      const extra = unknownFields(body, ATTACH_SOURCE_FIELDS);
      if (extra.length) return send(res, 400, `Unknown fields: ${extra.join(", ")}`);
      const bot = listed.find((b) => b.id === botId);
      const source = sources.find((s) => s.sourceId === sourceId);
      if (!bot || !source) return send(res, 404, { title: "Not Found", status: 404, detail: `No bot ${botId} or source ${sourceId}` });
      attachments.push({ botId, sourceId, ...body });
      bot.sources = [...(bot.sources ?? []), { id: sourceId, category: source.category, name: source.name, enabled: body.enabled !== false }];
      source.bots = [...(source.bots ?? []), { id: botId, botName: bot.name, enabled: body.enabled !== false }];
      return send(res, 200, null);
    }
    if (/^\/lead\/[^/]+\/ai-toggle$/.test(url.pathname)) return send(res, 200, { enabled: true });

    // --- Leads, for the Contacts page: `GET /lead/{leadId}` → a LeadDto with what
    // the bot collected. `leads` maps a lead id to { contactId, name?, tags, fields }
    // (fields as CloseBot gives them: { field, name, value, aiProduced }); others 404.
    const leadPath = /^\/lead\/([^/]+)$/.exec(url.pathname);
    if (leadPath && req.method === "GET") {
      const id = decodeURIComponent(leadPath[1]);
      const lead = leads[id];
      if (!lead) return send(res, 404, { message: "Lead not found" });
      return send(res, 200, {
        id,
        name: lead.name ?? null,
        contactId: lead.contactId ?? null,
        lastMessageTime: null,
        starred: false,
        unread: false,
        tags: lead.tags ?? [],
        fields: (lead.fields ?? []).map((f) => ({ field: f.field, name: f.name, value: f.value, aiProduced: f.aiProduced ?? false })),
      });
    }
    // --- end of leads.

    // --- Booking graph, for the Analytics page: `GET /botMetric/bookingGraph`
    // (start, end RFC 3339; resolution hourly|daily|monthly; sourceId) → the
    // bookings of that source in [start, end) as [{ date, count }], one per
    // booking. `bookingGraph` maps a source id to its booking times (ISO
    // strings or functions returning one); every query is noted in
    // `graphRequests`. A source not listed answers 404 with a ProblemDetails
    // body, the error shape CloseBot's spec gives.
    if (url.pathname === "/botMetric/bookingGraph" && req.method === "GET") {
      const q = Object.fromEntries(url.searchParams);
      graphRequests.push(q);
      const times = bookingGraph[q.sourceId];
      const [start, end] = [Date.parse(q.start), Date.parse(q.end)];
      if (!times || Number.isNaN(start) || Number.isNaN(end) || !["hourly", "daily", "monthly"].includes(q.resolution)) {
        return send(res, 404, { type: "https://tools.ietf.org/html/rfc9110#section-15.5.5", title: "Not Found", status: 404 });
      }
      const points = times
        .map((t) => (typeof t === "function" ? t() : t))
        .filter((t) => Date.parse(t) >= start && Date.parse(t) < end)
        .map((t) => ({ date: t, count: 1 }));
      return send(res, 200, points);
    }
    // --- end of booking graph.

    return send(res, 404, { message: "Not found" });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, events, requests, createdSources, attachments, createdBots, summaries, graphRequests, close: () => close(server) };
}
