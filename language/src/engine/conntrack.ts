import type { Ipv4, MasqueradeRule } from '../model/topology.js';
import type { ConnectionState } from './filter.js';
import type { Packet } from './packet.js';

/** The two addresses of a packet, or of the packet an ICMP error is about. */
export interface Endpoints {
    readonly src: Ipv4;
    readonly dst: Ipv4;
}

/**
 * One node's conntrack entry for an echo exchange: the request as it first entered the node's
 * netfilter (or a DNS query's UDP flow), and the reply it expects (whose destination MASQUERADE makes its own address).
 */
export interface Connection {
    readonly original: Endpoints;
    reply: Endpoints;
    /** A packet of the reply direction went through (the kernel's IPS_SEEN_REPLY): from then on the connection is established. */
    seenReply: boolean;
    masquerade?: { readonly rule: MasqueradeRule; readonly address: Ipv4 };
}

/** What conntrack made of a packet: its state, and the connection and direction it belongs to. */
export interface Tracked {
    readonly state: ConnectionState;
    readonly connection?: Connection;
    /** For an ICMP error: the direction of the packet it is about. */
    readonly direction?: 'original' | 'reply';
}

const same = (a: Endpoints, b: Endpoints) => a.src === b.src && a.dst === b.dst;
const swapped = (a: Endpoints): Endpoints => ({ src: a.dst, dst: a.src });

/**
 * The conntrack tables of the nodes a simulation's packets cross (one simulation, one table per
 * node): an echo request (or DNS query) is `new` until a reply of its connection has been seen (the
 * next requests of a `ping -c N` share it: the ICMP id is the same), a reply and what follows it
 * `established`, an ICMP error or redirect about a tracked packet `related`, anything else `invalid`
 * (measured, test/fixtures/kernel-cases/ping-count.net).
 */
export class ConnectionTracker {
    private readonly tables = new Map<string, Connection[]>();

    /** Conntrack at a node's PREROUTING or OUTPUT hook; a new echo request opens a connection. */
    track(node: string, packet: Packet): Tracked {
        const table = this.tables.get(node) ?? [];
        if (packet.kind === 'icmp-error' || packet.kind === 'redirect') {
            // The packet an error is about left this node already translated: its own source is the reply's destination.
            const inner = packet.inner;
            for (const connection of inner ? table : []) {
                if (same(inner!, swapped(connection.reply))) return { state: 'related', connection, direction: 'original' };
                if (same(inner!, swapped(connection.original))) return { state: 'related', connection, direction: 'reply' };
            }
            return { state: 'invalid' };
        }
        // The ICMP type is part of the tuple: a request goes the original way, a reply the reply way (which tells them apart pinging oneself).
        const replying = packet.kind === 'echo-reply' || packet.kind === 'dns-answer';
        for (const connection of table) {
            if (!replying && same(packet, connection.original))
                return { state: connection.seenReply ? 'established' : 'new', connection, direction: 'original' };
            if (replying && same(packet, connection.reply)) {
                connection.seenReply = true;
                return { state: 'established', connection, direction: 'reply' };
            }
        }
        if (packet.kind !== 'echo-request' && packet.kind !== 'dns-query') return { state: 'invalid' };
        const connection: Connection = { original: { src: packet.src, dst: packet.dst }, reply: { src: packet.dst, dst: packet.src }, seenReply: false };
        table.push(connection);
        this.tables.set(node, table);
        return { state: 'new', connection, direction: 'original' };
    }
}

/**
 * Conntrack's reversal of MASQUERADE on a packet of a translated connection: the reply's
 * destination, or an ICMP error's destination and the source of the packet inside it, go back to
 * the original source. Undefined when there is nothing to reverse; `drop` for a redirect, which
 * the kernel's NAT never passes on about a translated connection (nf_nat_icmp_reply_translation).
 */
export function reverseMasquerade(tracked: Tracked, packet: Packet): { readonly packet: Packet; readonly rule: MasqueradeRule } | 'drop' | undefined {
    const nat = tracked.connection?.masquerade;
    if (!nat) return undefined;
    if (packet.kind === 'redirect') return 'drop';
    const source = tracked.connection!.original.src;
    if (tracked.state === 'established' && tracked.direction === 'reply') return { packet: { ...packet, dst: source }, rule: nat.rule };
    if (tracked.state === 'related' && tracked.direction === 'original') {
        return { packet: { ...packet, dst: source, inner: { src: source, dst: packet.inner!.dst } }, rule: nat.rule };
    }
    return undefined;
}
