#!/bin/sh
# Runs closebot-sms — or, for maintenance, another program such as
# `sleep infinity` (to keep the volume mounted while restoring a backup) —
# as the unprivileged `closebot` user. Root is used only to hand /data to
# that user: a new volume on Fly.io or Railway, or a host folder, may belong
# to root.
set -eu

case "${1:-serve}" in
    serve | migrate | user | openapi | backup | restore | help | -*)
        set -- closebot-sms "$@"
        ;;
esac

if [ "$(id -u)" = "0" ]; then
    # Only what is not ours yet: a large database is not rewritten, just owned.
    find /data -xdev ! -user closebot -exec chown closebot:closebot {} +
    exec setpriv --reuid=closebot --regid=closebot --init-groups --no-new-privs -- "$@"
fi
exec "$@"
