#!/usr/bin/env bash
# Installs the Debian packages the kernel tier needs (ip, ping, route, iptables, dnsmasq for the nodes that serve names), and the Chromium the
# simulator webview's browser tests drive, when they are missing.
# Runs before `npm test`; without root it only says what is missing.
set -euo pipefail
missing=()
command -v ip >/dev/null || missing+=(iproute2)
command -v ping >/dev/null || missing+=(iputils-ping)
command -v route >/dev/null || missing+=(net-tools)
command -v iptables >/dev/null || missing+=(iptables)
command -v dnsmasq >/dev/null || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "nettopo: the kernel and browser tests need: ${missing[*]} (install them, or run the tests as root to have them installed)" >&2
  exit 0
fi
echo "nettopo: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
