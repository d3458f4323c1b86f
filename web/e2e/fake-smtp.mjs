// A fake SMTP server on 127.0.0.1 for the browser tests: enough of RFC 5321
// for the app's mail client (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT) without TLS, recording each message it accepts.
import { createServer } from "node:net";

/** Starts the server; `user`/`password`, when given, are the only credentials it accepts. */
export async function startFakeSmtp({ user, password } = {}) {
  const mails = [];
  const server = createServer((socket) => serve(socket, mails, { user, password }));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The Subject header of a recorded message. */
export function subjectOf(mail) {
  return /^Subject: (.*)$/m.exec(mail.data)?.[1] ?? "";
}

/** The text of a recorded single-part message, its transfer encoding (base64 or quoted-printable) undone. */
export function textOf(mail) {
  const split = mail.data.indexOf("\r\n\r\n");
  const headers = mail.data.slice(0, split);
  const body = mail.data.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding: *(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function serve(socket, mails, credentials) {
  socket.setEncoding("utf8");
  const reply = (line) => socket.write(`${line}\r\n`);
  let buffered = "";
  let envelope = { from: null, to: [] };
  let data = null; // lines of DATA while it is being received
  let awaiting = null; // "login-user" | "login-password" while AUTH LOGIN asks
  let loginUser = "";

  const authenticated = (u, p) => {
    const ok = credentials.user === undefined || (u === credentials.user && p === credentials.password);
    reply(ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
  };

  const command = (line) => {
    if (data !== null) {
      if (line === ".") {
        mails.push({ from: envelope.from, to: envelope.to, data: data.join("\r\n") });
        data = null;
        envelope = { from: null, to: [] };
        return reply("250 2.0.0 Queued");
      }
      return void data.push(line.startsWith("..") ? line.slice(1) : line);
    }
    if (awaiting === "login-user") {
      loginUser = Buffer.from(line, "base64").toString();
      awaiting = "login-password";
      return reply(`334 ${Buffer.from("Password:").toString("base64")}`);
    }
    if (awaiting === "login-password") {
      awaiting = null;
      return authenticated(loginUser, Buffer.from(line, "base64").toString());
    }
    const [verb, ...rest] = line.split(" ");
    const argument = rest.join(" ");
    switch (verb.toUpperCase()) {
      case "EHLO":
      case "HELO":
        return socket.write("250-fake-smtp\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
      case "AUTH": {
        const [mechanism, initial] = argument.split(" ");
        if (mechanism.toUpperCase() === "PLAIN" && initial) {
          const [, u, p] = Buffer.from(initial, "base64").toString().split("\0");
          return authenticated(u, p);
        }
        if (mechanism.toUpperCase() === "LOGIN") {
          awaiting = "login-user";
          return reply(`334 ${Buffer.from("Username:").toString("base64")}`);
        }
        return reply("504 5.5.4 Unrecognized authentication type");
      }
      case "MAIL":
        envelope.from = /<([^>]*)>/.exec(argument)?.[1] ?? "";
        return reply("250 2.1.0 OK");
      case "RCPT":
        envelope.to.push(/<([^>]*)>/.exec(argument)?.[1] ?? "");
        return reply("250 2.1.5 OK");
      case "DATA":
        data = [];
        return reply("354 End data with <CR><LF>.<CR><LF>");
      case "RSET":
        envelope = { from: null, to: [] };
        return reply("250 2.0.0 OK");
      case "NOOP":
        return reply("250 2.0.0 OK");
      case "QUIT":
        reply("221 2.0.0 Bye");
        return void socket.end();
      default:
        return reply("502 5.5.2 Command not recognized");
    }
  };

  reply("220 fake-smtp ESMTP");
  socket.on("data", (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf("\r\n")) !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      command(line);
    }
  });
  socket.on("error", () => undefined);
}
