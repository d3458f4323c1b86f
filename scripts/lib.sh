# Shared by run.sh and test.sh.

# `npm ci` when node_modules is missing or older than the lock file.
install_web_dependencies() {
  if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    npm --prefix web ci --no-audit --no-fund
  fi
}

step() {
  printf '\n\033[1;36m== %s\033[0m\n' "$*"
}
