#!/usr/bin/env bash
# Builds the web UI and the server, then runs CloseBot SMS (embedded SQLite
# under ./data, UI included) on http://localhost:3000 — or $PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_web_dependencies
npm --prefix web run build
cargo build --release --locked
exec ./target/release/closebot-sms serve "$@"
