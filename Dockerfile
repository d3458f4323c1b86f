# syntax=docker/dockerfile:1
# CloseBot SMS in one image: the web UI is built with Node, embedded into the
# Rust binary at compile time, and the binary runs alone on a slim Debian.
#
#   docker build -t closebot-sms .
#   docker run -p 3000:3000 -v closebot-data:/data -e APP_URL=https://sms.example.com closebot-sms
#
# See docs/deploy.md for docker compose, TLS, backups and hosted platforms.

# --- 1. the web UI (web/dist) ------------------------------------------------
FROM node:22-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# --- 2. the server, with the UI embedded ---------------------------------------
FROM rust:1-bookworm AS server
WORKDIR /src
COPY . .
# The UI must be in place before cargo runs: rust-embed reads web/dist at compile time.
COPY --from=web /src/web/dist ./web/dist
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin closebot-sms \
    && cp target/release/closebot-sms /usr/local/bin/closebot-sms

# --- 3. the runtime --------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 closebot \
    && useradd --system --uid 10001 --gid closebot --home-dir /data --no-create-home --shell /usr/sbin/nologin closebot \
    && mkdir -p /data \
    && chown closebot:closebot /data \
    && chmod 0700 /data
COPY --from=server /usr/local/bin/closebot-sms /usr/local/bin/closebot-sms
COPY --chmod=0755 deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

# The database, the generated APP_SECRET (when not given) and, by default,
# the scheduled backups all live on this one volume.
VOLUME /data
WORKDIR /data
ENV DATABASE_URL=sqlite:///data/closebot-sms.db \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
EXPOSE 3000

# Healthy only while the database writer and both delivery workers work.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/api/health" >/dev/null || exit 1

# The entrypoint runs the app as the unprivileged `closebot` user (uid 10001).
# Started as root, it first gives /data to that user — hosted platforms mount
# volumes owned by root — then drops root for good; started as any other
# user (docker run --user, Kubernetes runAsNonRoot), it runs the app as is.
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["serve"]
