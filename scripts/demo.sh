#!/usr/bin/env bash
# A tour of nettopo on the bundled examples: diagnostics, simulated pings and route tables.
set -u
cd "$(dirname "$0")/.."
nettopo() { node bin/nettopo.js "$@"; }
show() { printf '\n\033[1m$ nettopo %s\033[0m\n' "$*"; nettopo "$@"; }
show check examples/03-one-way-route.net
show ping examples/03-one-way-route.net
show ping examples/07-linux-router-forwarding.net alice carol
show ping examples/06-linux-router.net alice carol --json
show routes examples/07-linux-router-forwarding.net mid
show routes examples/07-linux-router-forwarding.net mid --format route
show check examples/08-mistakes.net
exit 0
