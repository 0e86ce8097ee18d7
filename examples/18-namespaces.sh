#!/bin/sh
# The namespaces chapter: two namespaces joined by a veth, then a bridge, then NAT to the outside.
set -e

# 1. Two namespaces joined by a veth pair.
ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip -n red addr add 192.168.1.1/24 dev veth-red
ip -n blue addr add 192.168.1.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up

# 2. A bridge on the host joins a third namespace.
ip netns add green
ip link add br0 type bridge
ip addr add 192.168.2.1/24 dev br0
ip link set br0 up
ip link add veth-green type veth peer name br-green
ip link set veth-green netns green
ip link set br-green master br0
ip link set br-green up
ip -n green addr add 192.168.2.10/24 dev veth-green
ip -n green link set veth-green up
ip -n green route add default via 192.168.2.1

# 3. NAT: the host forwards and masquerades what leaves its uplink.
ip link add uplink type veth peer name wan
ip addr add 203.0.113.1/24 dev uplink
ip link set uplink up
ip netns add outside
ip link set wan netns outside
ip -n outside addr add 203.0.113.2/24 dev wan
ip -n outside link set wan up
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -t nat -A POSTROUTING -s 192.168.2.0/24 -o uplink -j MASQUERADE

ip netns exec red ping -c 1 192.168.1.2
ip netns exec green ping -c 1 203.0.113.2
