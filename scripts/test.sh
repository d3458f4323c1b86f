#!/usr/bin/env bash
# Every check CI runs, in order: the web app's lint/types/unit tests/build/size
# budget, API description freshness, Rust formatting, clippy, unit and
# integration tests, the storage's tests on a throw-away PostgreSQL cluster,
# then browser end-to-end tests against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export CARGO_TERM_COLOR=never
# A clean clone gains nothing from incremental caches; they only take disk
# (several GiB across the dev and test builds). Local loops keep their own setting.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

step "browser for end-to-end tests"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

step "web dependencies"
install_web_dependencies

step "web: lint, types, unit tests, build, size budget"
npm --prefix web run lint
npm --prefix web run typecheck
npm --prefix web test
npm --prefix web run build
npm --prefix web run size

step "API description is up to date (web/openapi.json)"
# Built after web/dist exists: the binary embeds the UI (build.rs tracks it).
cargo build --locked --bin closebot-sms
./target/debug/closebot-sms openapi > target/openapi.json
if ! diff -q web/openapi.json target/openapi.json >/dev/null; then
  echo "web/openapi.json is stale: run ./target/debug/closebot-sms openapi > web/openapi.json && npm --prefix web run gen:api" >&2
  exit 1
fi
npm --prefix web run check:api

step "rust: formatting and clippy"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

step "rust: unit and integration tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --no-fail-fast
else
  cargo test --locked --no-fail-fast
fi

step "rust: the same suite on PostgreSQL (storage tests, the API suite, three instances)"
# A throw-away cluster (scripts/postgres.sh), stopped on exit whatever happens.
# Where none can be started (no apt, no unprivileged user) the runs are skipped
# loudly: the SQLite suite above has still run. Each API test gets a database
# of its own; the nextest profile `postgres` (.config/nextest.toml) leaves out
# the tests that work on an SQLite file itself.
pg_started_at=$SECONDS
if pg_url="$(scripts/postgres.sh start)"; then
  trap 'scripts/postgres.sh stop' EXIT
  if cargo nextest --version >/dev/null 2>&1; then
    TEST_DATABASE_URL="$pg_url" cargo nextest run --locked --no-fail-fast --lib \
      -E 'test(/both_engines|postgres_schema/)'
    TEST_DATABASE_URL="$pg_url" cargo nextest run --locked --no-fail-fast --profile postgres
  else
    TEST_DATABASE_URL="$pg_url" cargo test --locked --no-fail-fast --lib -- both_engines postgres_schema
    TEST_DATABASE_URL="$pg_url" cargo test --locked --no-fail-fast --test api -- portable::postgres:: instances::
    printf '\n\033[1;33m!! SKIPPED: the rest of the API suite on PostgreSQL needs cargo-nextest (its profile picks the tests)\033[0m\n'
  fi
  scripts/postgres.sh stop
  trap - EXIT
  echo "PostgreSQL runs took $((SECONDS - pg_started_at)) s (cluster start and stop included)"
else
  printf '\n\033[1;33m!! SKIPPED: the PostgreSQL runs (scripts/postgres.sh could not start a cluster; see above)\033[0m\n'
fi

step "browser end-to-end tests"
cargo build --locked --bin closebot-sms
CLOSEBOT_SMS_BIN="$PWD/target/debug/closebot-sms" npm --prefix web run e2e

step "all checks passed"
