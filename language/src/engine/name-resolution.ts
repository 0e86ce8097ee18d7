import type { Ipv4, NameRecord } from '../model/topology.js';
import { DEFAULT_TTL, Forwarding, isLoopback, sourceAddress } from './forwarding.js';
import type { Network, NetworkNode } from './network.js';
import type { Packet, Stop, TraceStep } from './packet.js';
import { lostAt, reachedPinger } from './ping.js';

/**
 * Name lookups as glibc's resolver makes them (measured: scripts/measure-names.sh): the node's
 * hosts lines first (the first line of a name wins), then each nameserver in resolv.conf order,
 * the UDP query and its answer simulated through the network like any packet (routes, ARP,
 * forwarding, rp_filter, filters, NAT). An answer ends the lookup, NXDOMAIN included; a nameserver
 * that cannot be reached, has nothing on port 53 or stays silent makes glibc ask the next one.
 */

/** The nameserver glibc asks when resolv.conf names none. */
export const DEFAULT_NAMESERVER: Ipv4 = 0x7f000001;

/** What one nameserver made of a question. */
export type QueryOutcome =
    /** It answered with a record (`record`), or NXDOMAIN (none): a node with `dns` lines knows only those. */
    | { readonly kind: 'answered'; readonly node: string; readonly record?: NameRecord }
    /** The query could not be sent: no route, a reject route, or no source address (sendto fails). */
    | { readonly kind: 'unsent'; readonly reason: 'no-route' | 'reject-route' | 'broadcast' | 'no-source' }
    /** It reached a node that serves no names (nothing listens on UDP port 53: ICMP port unreachable). */
    | { readonly kind: 'closed'; readonly node: string }
    /** The query, or the answer on its way back, went no further. */
    | { readonly kind: 'lost'; readonly leg: 'query' | 'answer'; readonly stop: Stop };

/** One question to one nameserver, with the journey of its packets. */
export interface DnsQuery {
    readonly server: Ipv4;
    readonly outcome: QueryOutcome;
    readonly trace: readonly TraceStep[];
}

/** How a lookup ended: a hosts line, a nameserver's record, NXDOMAIN, or no nameserver answered. */
export type Lookup =
    | { readonly kind: 'hosts'; readonly record: NameRecord; readonly queries: readonly [] }
    | { readonly kind: 'dns'; readonly record: NameRecord; readonly queries: readonly DnsQuery[] }
    | { readonly kind: 'unknown'; readonly queries: readonly DnsQuery[] }
    | { readonly kind: 'unanswered'; readonly queries: readonly DnsQuery[] };

/** `getaddrinfo(name)` on `source`: the address `ping NAME` pings, and how it was found. */
export function resolveName(network: Network, source: string, name: string): Lookup {
    return lookUp(network, source, (record) => record.name === name);
}

/** `getnameinfo(address)` on `source` (ping's reverse lookup of each sender): the PTR answer is the first record of the address. */
export function reverseName(network: Network, source: string, address: Ipv4): Lookup {
    return lookUp(network, source, (record) => record.address === address);
}

function lookUp(network: Network, source: string, matches: (record: NameRecord) => boolean): Lookup {
    const client = network.nodes.get(source);
    if (!client) throw new Error(`unknown node '${source}'`);
    const line = client.model.hosts.find(matches);
    if (line) return { kind: 'hosts', record: line, queries: [] };
    const queries: DnsQuery[] = [];
    const servers = client.model.nameservers.length ? client.model.nameservers : [DEFAULT_NAMESERVER];
    for (const server of servers) {
        const query = ask(network, client, server, matches);
        queries.push(query);
        if (query.outcome.kind !== 'answered') continue;
        const record = query.outcome.record;
        return record ? { kind: 'dns', record, queries } : { kind: 'unknown', queries };
    }
    return { kind: 'unanswered', queries };
}

/** One UDP question from `client` to `server` and back, on a fresh simulation (its own conntrack). */
function ask(network: Network, client: NetworkNode, server: Ipv4, matches: (record: NameRecord) => boolean): DnsQuery {
    const forwarding = new Forwarding(network);
    const done = (outcome: QueryOutcome): DnsQuery => ({ server, outcome, trace: forwarding.steps });
    const answer = (node: NetworkNode): QueryOutcome => ({ kind: 'answered', node: node.model.name, record: node.model.dns.find(matches) });
    const lookup = isLoopback(server) ? { kind: 'local' as const } : client.table.lookup(server);
    if (lookup.kind === 'local') {
        // Over lo, through the client's own chains; dnsmasq listens on the node's lab addresses, not on 127.0.0.1.
        const query: Packet = { kind: 'dns-query', src: server, dst: server, ttl: DEFAULT_TTL };
        const refused = forwarding.loopback(client, query);
        if (refused) return done({ kind: 'lost', leg: 'query', stop: { kind: 'filtered', node: client.model.name, decision: refused.decision } });
        if (!serves(client, server)) return done({ kind: 'closed', node: client.model.name });
        const lost = forwarding.loopback(client, { ...query, kind: 'dns-answer' });
        if (lost) return done({ kind: 'lost', leg: 'answer', stop: { kind: 'filtered', node: client.model.name, decision: lost.decision } });
        return done(answer(client));
    }
    if (lookup.kind === 'none') return done({ kind: 'unsent', reason: 'no-route' });
    if (lookup.kind === 'broadcast') return done({ kind: 'unsent', reason: 'broadcast' });
    const route = lookup.route;
    if (route.type !== 'unicast') return done({ kind: 'unsent', reason: 'reject-route' });
    const src = sourceAddress(client, route);
    if (src === undefined) return done({ kind: 'unsent', reason: 'no-source' });
    const sent = forwarding.send(client, { kind: 'dns-query', src, dst: server, ttl: DEFAULT_TTL }, route);
    if (sent.kind === 'stopped') return done({ kind: 'lost', leg: 'query', stop: sent.stop });
    if (sent.broadcast || !serves(sent.node, sent.packet.dst)) return done({ kind: 'closed', node: sent.node.model.name });
    // The answer goes back from the address asked to the query's source as the server saw it (conntrack undoes any MASQUERADE).
    const back = forwarding.originate(sent.node, { kind: 'dns-answer', src: sent.packet.dst, dst: sent.packet.src, ttl: DEFAULT_TTL });
    if (!reachedPinger(back, client)) return done({ kind: 'lost', leg: 'answer', stop: lostAt(back) });
    return done(answer(sent.node));
}

/** A node with `dns` records answers on its own (non-loopback) addresses. */
function serves(node: NetworkNode, address: Ipv4): boolean {
    return node.model.dns.length > 0 && !isLoopback(address);
}
