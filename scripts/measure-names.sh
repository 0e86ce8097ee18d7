#!/usr/bin/env bash
# How glibc (through iputils' ping) resolves names in a network namespace, measured by hand on the
# kernel: the facts the engine's name resolution (language/src/engine/name-resolution.ts) follows.
# Run as root: bash scripts/measure-names.sh. It builds its own namespaces (198.18.0.0/15 only,
# a random prefix), gives the client /etc/netns/NS/hosts and resolv.conf, runs dnsmasq in the
# server, and removes all of it on exit, failure included.
#
# Measured (iputils 20221126, glibc 2.36, dnsmasq 2.90; nsswitch `files mdns4_minimal [NOTFOUND=return] dns`):
# - hosts first: `PING fromhosts (198.18.0.5) 56(84) bytes of data.`; of two hosts lines for a
#   name the first wins; the reverse name of an address is the first hosts line with it.
# - then the nameservers in order (A and AAAA on one socket, AAAA gets NODATA): a name the server
#   does not know is NXDOMAIN: `ping: nosuch: Name or service not known` (exit status 2).
# - a nameserver with nothing on UDP 53 (ICMP port unreachable), a silent one (timeout:1 attempts:1),
#   one with no route: the next nameserver is asked; when none answers:
#   `ping: web: Temporary failure in name resolution` (exit status 2). No `nameserver` line: glibc
#   asks 127.0.0.1 (nothing listens there: the same failure).
# - a name with a dot (`a.b`) is asked as it is; the hostname (`vm`, no dot) gives no search
#   domain: no other query leaks (dnsmasq's log shows only the names asked).
# - ping by name prints every sender through a reverse lookup (hosts, then PTR queries to the
#   nameservers, through the network again): `64 bytes from web (198.18.0.5)` when it has a name
#   (dnsmasq's --host-record gives the PTR, the first record of an address wins),
#   `64 bytes from 198.18.0.4 (198.18.0.4)` when the answer is NXDOMAIN (also `From ... (...)`
#   for errors), and the bare `From 198.18.0.1 icmp_seq=1 ...` when no nameserver answers the
#   PTR query. (ping's -W also bounds that lookup: with -W 1 and a silent first nameserver the
#   lookup is cut and the sender printed bare; the lab runs ping with -W 4.)
# - dnsmasq authoritative for only its records: --local=/#/ (NXDOMAIN for every other name, no
#   upstream) with --no-resolv --no-hosts --no-poll --conf-file=/dev/null, --bind-interfaces on the
#   lab addresses only, --keep-in-foreground so that its process id is the one started.
set -euo pipefail
P=ntm$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
C=$P-c S=$P-s Q=$P-q
DPID=
cleanup() {
    [ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
    for n in $C $S $Q; do ip netns del "$n" 2>/dev/null; rm -rf "/etc/netns/$n"; done
}
trap cleanup EXIT
for n in $C $S $Q; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip -n "$C" link add br0 type bridge && ip -n "$C" link set br0 up && ip -n "$C" addr add 198.18.0.1/24 dev br0
for n in $S $Q; do
    ip -n "$C" link add "v$n" type veth peer name eth0 netns "$n"
    ip -n "$C" link set "v$n" master br0 up && ip -n "$n" link set eth0 up
done
ip -n "$S" addr add 198.18.0.2/24 dev eth0 && ip -n "$S" addr add 198.18.0.5/24 dev eth0
ip -n "$Q" addr add 198.18.0.4/24 dev eth0
mkdir -p "/etc/netns/$C"
LOG=$(mktemp)
ip netns exec "$S" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll --bind-interfaces \
    --listen-address=198.18.0.2 --listen-address=198.18.0.5 --except-interface=lo --local=/#/ --pid-file= --user=root \
    --log-queries --log-facility=- --host-record=web,198.18.0.5 --host-record=a.b,198.18.0.2 --address=/q/198.18.0.4 >"$LOG" 2>&1 &
DPID=$!
# dnsmasq logs `started` once its sockets are bound.
{ tail -f "$LOG" | grep -q -m1 started; } || true
set +e
case_() { # TITLE HOSTS RESOLV NAME
    printf '%b' "$2" >"/etc/netns/$C/hosts"
    printf '%boptions timeout:1 attempts:1\n' "$3" >"/etc/netns/$C/resolv.conf"
    echo "## $1"
    ip netns exec "$C" ping -c 1 -W 4 "$4" 2>&1 | grep -v -e '^rtt' -e '^$'
    echo "exit ${PIPESTATUS[0]}"
}
case_ 'a hosts name' '198.18.0.5 fromhosts\n198.18.0.2 dup\n198.18.0.5 dup\n' 'nameserver 198.18.0.2\n' fromhosts
case_ 'first hosts line wins' '198.18.0.5 fromhosts\n198.18.0.2 dup\n198.18.0.5 dup\n' 'nameserver 198.18.0.2\n' dup
case_ 'a DNS name with its PTR' '' 'nameserver 198.18.0.2\n' web
case_ 'a DNS name without PTR' '' 'nameserver 198.18.0.2\n' q
case_ 'a dotted name' '' 'nameserver 198.18.0.2\n' a.b
case_ 'NXDOMAIN' '' 'nameserver 198.18.0.2\n' nosuch
case_ 'nothing on port 53' '' 'nameserver 198.18.0.4\n' web
case_ 'nothing on port 53, then a server' '' 'nameserver 198.18.0.4\nnameserver 198.18.0.2\n' web
case_ 'a silent nameserver' '' 'nameserver 198.18.0.99\n' web
case_ 'a silent nameserver, then a server' '' 'nameserver 198.18.0.99\nnameserver 198.18.0.2\n' web
case_ 'no route to the nameserver' '' 'nameserver 198.51.100.1\n' web
case_ 'no nameserver line' '' '' web
case_ 'an error from an unnamed sender, PTR NXDOMAIN' '198.18.0.3 q3\n' 'nameserver 198.18.0.2\n' q3
case_ 'an error from an unnamed sender, PTR unanswered' '198.18.0.3 q3\n' 'nameserver 198.18.0.4\n' q3
echo '## dnsmasq log'
grep query "$LOG"
rm -f "$LOG"
