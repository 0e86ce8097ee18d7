#!/usr/bin/env bash
# Installs what a browser VS Code needs, once, into a cache folder outside the project:
# code-server 4.100.3 (the VS Code 1.100 workbench and its Node extension host) and the Debian
# packages it needs to install and run; with --chromium also Debian's Chromium for the browser tests.
# `npm start`, the end-to-end and extension-host tests and .ci/run all use this script.
#
# Prints the path of the code-server executable on its last line of standard output; everything
# else goes to standard error. The cache is $NETTOPO_CACHE_DIR, by default ~/.cache/nettopo.
set -euo pipefail

version=4.100.3
ripgrep_version=1.15.11 # the @vscode/ripgrep that code-server 4.100.3 depends on
cache=${NETTOPO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nettopo}
prefix=$cache/code-server-$version
bin=$prefix/node_modules/.bin/code-server

want_chromium=0
for arg in "$@"; do
  case $arg in
    --chromium) want_chromium=1 ;;
    *) echo "usage: $0 [--chromium]" >&2; exit 2 ;;
  esac
done

say() { echo "nettopo: $*" >&2; }

mkdir -p "$cache"
# Two test tiers may start at once: one installs, the other waits for it.
exec 9>"$cache/install.lock"
flock 9

# Debian packages: libkrb5-dev builds one of VS Code's native modules, ripgrep replaces the binary
# VS Code would download, chromium is the browser the tests drive.
installed() { [ -x "$bin" ] && [ -f "$prefix/.complete" ]; }
missing=()
installed || dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
[ "$want_chromium" = 0 ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "needs the Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

if ! installed; then
  # @vscode/ripgrep downloads its binary in its install script unless it finds a cached archive:
  # give it Debian's rg, packed as the archive it looks for.
  rg_cache=$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-$ripgrep_version
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  say "installing code-server $version into $prefix (about a minute, once)"
  rm -rf "$prefix"
  mkdir -p "$prefix"
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$prefix" "code-server@$version" >&2
  "$bin" --version >/dev/null
  touch "$prefix/.complete"
fi

echo "$bin"
