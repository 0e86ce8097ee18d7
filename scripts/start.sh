#!/usr/bin/env bash
# `npm start`: the product in a browser VS Code. Installs code-server once (scripts/ensure-code-server.sh),
# installs the packaged extension (out/NAME-VERSION.vsix, made by `npm run package`) into a profile
# of its own in the cache, serves it on 127.0.0.1 with examples/ open, and stops on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

vsix=out/$(node -p "const p = require('./package.json'); p.name + '-' + p.version").vsix
[ -f "$vsix" ] || { echo "nettopo: $vsix is missing: run \`npm run package\` first" >&2; exit 1; }
code_server=$(bash scripts/ensure-code-server.sh | tail -n 1)

# The browser VS Code's settings, extensions and log (NETTOPO_PROFILE_DIR: the tests keep theirs apart).
profile=${NETTOPO_PROFILE_DIR:-${NETTOPO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nettopo}/workbench}
mkdir -p "$profile/user-data/User" "$profile/extensions"
settings=$profile/user-data/User/settings.json
# First run only: the user's own changes to the settings are kept afterwards.
[ -f "$settings" ] || cat > "$settings" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "git.openRepositoryInParentFolders": "never",
  "telemetry.telemetryLevel": "off"
}
JSON

# No extension gallery can be reached from here; an empty one keeps code-server from trying.
export EXTENSIONS_GALLERY='{}'
common=(--user-data-dir "$profile/user-data" --extensions-dir "$profile/extensions")
"$code_server" "${common[@]}" --install-extension "$vsix" --force >/dev/null

port=${PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
folder=$(pwd)/examples
"$code_server" "${common[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-getting-started-override "$folder" > "$profile/code-server.log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; echo; echo "nettopo: stopped"; exit 0; }
trap stop INT TERM

healthy() { node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "http://127.0.0.1:$port/healthz"; }
until healthy; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "nettopo: code-server did not start; its log:" >&2
    cat "$profile/code-server.log" >&2
    exit 1
  fi
  sleep 0.2
done
encoded=$(node -p 'encodeURI(process.argv[1])' "$folder")
echo
echo "  nettopo is running in VS Code (code-server) at:"
echo
echo "    http://127.0.0.1:$port/?folder=$encoded"
echo
echo "  Open it in a browser, then open an example (03-one-way-route.net shows a missing return route)."
echo "  Ctrl-C stops it. Log: $profile/code-server.log"
wait "$pid"
