// Starts the real closebot-sms binary against the fakes, and talks to it as
// Twilio (signed webhooks), as CloseBot (the reply callback) and as an admin.
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BIN = process.env.CLOSEBOT_SMS_BIN ?? new URL("../../target/debug/closebot-sms", import.meta.url).pathname;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Twilio's X-Twilio-Signature: base64(HMAC-SHA1(token, url + name+value of each param sorted by name)). */
export function twilioSignature(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * Starts the binary on a free port with its own database. `credentials: false`
 * starts it with no Twilio or CloseBot credentials in its environment (they
 * are then saved from Settings); otherwise they come from the environment.
 */
export async function startApp({ twilioUrl, closebotUrl, accountSid, authToken, closebotKey, adminEmail, adminPassword, credentials = true, alertBatchSeconds }) {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "cbsms-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  return spawnApp({
    port,
    dir,
    url,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATABASE_URL: `sqlite://${dir}/e2e.db`,
      APP_SECRET: randomBytes(32).toString("hex"),
      ...(credentials ? { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, CLOSEBOT_API_KEY: closebotKey } : {}),
      TWILIO_API_BASE: twilioUrl,
      CLOSEBOT_API_BASE: closebotUrl,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      LOG_FORMAT: "json",
      ...(alertBatchSeconds ? { ALERT_BATCH_SECONDS: String(alertBatchSeconds) } : {}),
    },
  });
}

/**
 * Starts the binary as the README's run command does on a fresh machine:
 * `closebot-sms serve` in an empty folder (the database goes to ./data)
 * with only ADMIN_EMAIL and ADMIN_PASSWORD set — plus a free PORT, so that
 * tests never fight over 3000. No provider configuration at all.
 */
export async function startLikeReadme({ adminEmail, adminPassword }) {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "cbsms-e2e-fresh-"));
  return spawnApp({
    port,
    dir,
    url: `http://localhost:${port}`,
    env: { PATH: process.env.PATH, PORT: String(port), ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword },
  });
}

/** Runs the binary with `env` in `dir` until it answers at `url`; how to stop it, read its log and clean up. */
async function spawnApp({ port, dir, url, env }) {
  const logPath = join(dir, "server.log");
  const log = createWriteStream(logPath);
  const child = spawn(BIN, ["serve"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  child.on("error", (error) => {
    exited = { error: error.message, bin: BIN };
  });

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the server exited early (${JSON.stringify(exited)}):\n${await readFile(logPath, "utf8")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become healthy:\n${await readFile(logPath, "utf8")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Fail fast, and say why, when the binary was built without the UI.
  const index = await fetch(`${url}/`);
  const page = await index.text();
  if (!index.ok || !page.includes('<div id="root">')) {
    child.kill("SIGKILL");
    throw new Error(`the binary at ${BIN} serves no web UI (${index.status}): ${page.slice(0, 200)}`);
  }

  const stop = async () => {
    if (!exited && child.exitCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await new Promise((r) => (exited ? r() : child.once("exit", r)));
      clearTimeout(killer);
    }
    log.end();
  };
  const logs = () => readFile(logPath, "utf8").catch(() => "");
  const cleanup = () => rm(dir, { recursive: true, force: true });
  return { url, port, stop, logs, cleanup };
}

/** Posts form `params` to a Twilio webhook of the app, signed as Twilio signs. */
async function postSigned(app, authToken, path, params) {
  const endpoint = `${app.url}${path}`;
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": twilioSignature(authToken, endpoint, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
}

/** A signed inbound SMS, as Twilio posts it. */
export async function postInboundSms(app, authToken, { from, to, body, accountSid }) {
  const params = {
    MessageSid: `SM${randomBytes(16).toString("hex")}`,
    AccountSid: accountSid,
    From: from,
    To: to,
    Body: body,
    NumMedia: "0",
  };
  await postSigned(app, authToken, "/api/webhooks/twilio/inbound", params);
  return params.MessageSid;
}

/** A signed delivery status callback for a message the app sent. */
export async function postStatus(app, authToken, { messageSid, accountSid, status, errorCode }) {
  const params = { MessageSid: messageSid, AccountSid: accountSid, MessageStatus: status };
  if (errorCode) params.ErrorCode = errorCode;
  await postSigned(app, authToken, "/api/webhooks/twilio/status", params);
}

/** Signs in through the API and returns a fetch that carries the session cookie. */
export async function adminClient(app, email, password) {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie").split(";")[0];
  return async (path, init = {}) => {
    const answer = await fetch(`${app.url}${path}`, {
      ...init,
      headers: { "Content-Type": "application/json", Cookie: cookie, ...(init.headers ?? {}) },
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${answer.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Debian's Chromium, headless, with nothing reaching out to the internet. */
export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
