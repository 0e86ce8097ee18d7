import { pinged, simulatePingTo } from '../engine/name-ping.js';
import { formatIpv4, formatPrefix, networkOf, parseIpv4, type Ipv4, type Prefix } from '../address/ipv4.js';
import { usesGateway } from '../engine/forwarding.js';
import { holdersOnSegment, withNodeChanged, type Network, type NetworkNode } from '../engine/network.js';
import { simulatePing } from '../engine/ping.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { RouteSpec } from '../model/topology.js';
import { applyToModel } from './cause-fixes.js';
import { causeOf } from './causes.js';
import { MAX_POINTERS, type Finding, type Fix, type FixChange } from './finding.js';
import { IssueCodes } from './issue-codes.js';
import { ownRanges, prefixRange, type AddressRange } from './known-addresses.js';

/** Addresses reserved for documentation (RFC 5737): the destination nobody has that a message names, where a route covers one. */
const PROBES = ['198.51.100.1', '203.0.113.1', '192.0.2.1'].map((text) => parseIpv4(text) as Ipv4);

/** How many pings a fix is simulated against (a sample of every node's pings to the known addresses). */
const PINGS_TO_CHECK = 512;

/** A cycle of routes found for a destination nobody has: the nodes in the order the packets pass, each with the route it uses. */
interface Cycle {
    readonly probe: Ipv4;
    readonly hops: readonly { readonly node: NetworkNode; readonly route: RouteEntry }[];
}

/**
 * Routes that send packets round in a circle for destinations no interface of the file has (two
 * routers whose default routes point at each other): the route analysis pings only known
 * addresses, so it never sees them. Each forwarding node's gateway routes are tried with one such
 * destination in what they carry; a cycle is reported on each of its route lines, with one fix
 * (on one of them, checked by simulation) that breaks it. A cycle that a `ping … fails` line
 * already goes round is known to the author (a lab that shows a loop on purpose), so it is not
 * reported again.
 */
export function checkRouteCycles(network: Network): Finding[] {
    const owned = ownedRanges(network);
    const done = acknowledgedRoutes(network);
    const tried = new Set<string>();
    const findings: Finding[] = [];
    for (const node of network.nodes.values()) {
        const sorted = node.table.sorted();
        for (const route of node.table.entries) {
            if (!route.spec || route.type !== 'unicast' || done.has(route) || !usesGateway(node, route)) continue;
            const next = holdersOnSegment(network, node, route.device!, route.gateway!)[0];
            if (!next?.node.settings.forwards(next.device)) continue;
            const probe = unownedAddress(ownRanges(sorted, route), owned);
            // Nodes that hand such packets to the same forwarding neighbour see the same cycle.
            const key = `${next.node.model.name} ${probe}`;
            if (probe === undefined || tried.has(key)) continue;
            tried.add(key);
            const cycle = cycleFor(network, node, probe);
            if (!cycle || cycle.hops.every((hop) => done.has(hop.route))) continue;
            for (const hop of cycle.hops) done.add(hop.route);
            findings.push(...report(network, cycle));
        }
    }
    return findings;
}

/** The routes that the loops of the file's `ping … fails` lines go round: their author expects the failure. */
function acknowledgedRoutes(network: Network): Set<RouteEntry> {
    const routes = new Set<RouteEntry>();
    for (const ping of network.topology.pings) {
        if (ping.expectReply || !network.nodes.has(ping.source)) continue;
        const result = simulatePingTo(network, ping.source, ping);
        if (!pinged(result)) continue;
        const found = causeOf(result, network);
        if (found?.cause.kind !== 'loop') continue;
        for (const name of found.cause.nodes) {
            const lookup = network.nodes.get(name)?.table.lookup(result.target);
            if (lookup?.kind === 'route') routes.add(lookup.route);
        }
    }
    return routes;
}

/** The ranges of every interface's subnet, merged where they touch or overlap, in order: the addresses somebody may have. */
function ownedRanges(network: Network): AddressRange[] {
    const ranges = network.topology.nodes
        .flatMap((node) => node.interfaces.flatMap((iface) => iface.addresses.map(({ address, length }) => prefixRange(networkOf(address, length), length))))
        .sort((a, b) => a.first - b.first);
    const merged: AddressRange[] = [];
    for (const range of ranges) {
        const last = merged[merged.length - 1];
        if (last && range.first <= last.last + 1) merged[merged.length - 1] = { first: last.first, last: Math.max(last.last, range.last) };
        else merged.push(range);
    }
    return merged;
}

/** The owned range that holds the address, by bisection (the ranges are disjoint and in order). */
function ownedRangeOf(owned: readonly AddressRange[], address: Ipv4): AddressRange | undefined {
    let low = 0;
    let high = owned.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (owned[middle].last < address) low = middle + 1;
        else high = middle;
    }
    return owned[low] && owned[low].first <= address ? owned[low] : undefined;
}

/** Where ping would not go out (this network, loopback, multicast and above). */
const special = (address: Ipv4) => address >>> 24 === 0 || address >>> 24 === 127 || address >>> 28 >= 14;

/** A documentation address in the ranges if one is free, else the first free unicast address. */
function unownedAddress(ranges: readonly AddressRange[], owned: readonly AddressRange[]): Ipv4 | undefined {
    const free = (address: Ipv4) => !special(address) && !ownedRangeOf(owned, address);
    const inRanges = (address: Ipv4) => ranges.some((range) => range.first <= address && address <= range.last);
    const documented = PROBES.find((address) => inRanges(address) && free(address));
    if (documented !== undefined) return documented;
    for (const range of ranges) {
        let candidate = range.first;
        while (candidate <= range.last) {
            if (special(candidate)) candidate = (((candidate >>> 24) + 1) * 2 ** 24) >>> 0 || range.last + 1;
            else {
                const inside = ownedRangeOf(owned, candidate);
                if (!inside) return candidate;
                candidate = inside.last + 1;
            }
            if (candidate >>> 28 >= 14) break;
        }
    }
    return undefined;
}

/**
 * The cycle a ping from `node` to `probe` goes round: until its TTL runs out, or (when the pinger
 * is on the cycle) until it comes back to the pinger, which drops its own packet as a martian
 * where a packet of anyone else would go round again.
 */
function cycleFor(network: Network, node: NetworkNode, probe: Ipv4): Cycle | undefined {
    const result = simulatePing(network, node.model.name, probe);
    const found = causeOf(result, network);
    const request = result.trace.filter((step) => step.packet === 'echo-request');
    const back = found?.cause.kind === 'other' && found.cause.stop.kind === 'martian-source' && found.cause.node === node.model.name;
    const inLoop = new Set(found?.cause.kind === 'loop' ? found.cause.nodes : back ? request.map((step) => step.node) : []);
    const hops: Cycle['hops'][number][] = [];
    for (const step of request) {
        if (!inLoop.has(step.node) || hops.some((hop) => hop.node.model.name === step.node)) continue;
        const hop = network.nodes.get(step.node)!;
        const lookup = hop.table.lookup(probe);
        if (lookup.kind !== 'route' || !lookup.route.spec) return undefined;
        hops.push({ node: hop, route: lookup.route });
    }
    return hops.length > 1 ? { probe, hops } : undefined;
}

/**
 * One warning per route of a short cycle; a long one (a ring of routers) gets a single warning at
 * the route that has the fix, the others as related information, so the file is not painted over.
 */
function report(network: Network, cycle: Cycle): Finding[] {
    const names = cycle.hops.map((hop) => hop.node.model.name);
    const fixed = fixFor(network, cycle);
    const long = cycle.hops.length > MAX_POINTERS;
    const lines = long
        ? [`${names[0]}'s \`${cycle.hops[0].route.spec!.text}\` and the routes of ${cycle.hops.length - 1} more routers`]
        : cycle.hops.map((hop) => `${hop.node.model.name}'s \`${hop.route.spec!.text}\``);
    const between = long ? `${names[0]}, ${names[1]}, … ${names[names.length - 1]} (${names.length} routers)` : joined(names);
    const message =
        `${joined(lines)} ${cycle.hops.length === 2 ? 'point at each other' : 'send packets round in a circle'}: packets for destinations nobody has ` +
        `(${formatIpv4(cycle.probe)}, say) go round between ${between} until their TTL runs out`;
    const finding = (hop: Cycle['hops'][number]): Finding => ({
        severity: 'warning',
        code: IssueCodes.RouteCycle,
        subject: hop.route.spec!,
        message,
        related: cycle.hops
            .filter((other) => other !== hop)
            .map((other) => ({ subject: other.route.spec!, message: `${other.node.model.name}'s route of the cycle` })),
        ...(fixed?.hop === hop && { fix: fixed.fix })
    });
    return long ? [finding(fixed?.hop ?? cycle.hops[0])] : cycle.hops.map(finding);
}

const joined = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items[0]);

/**
 * The fix that breaks the cycle and loses no reply: a route of the cycle that carries none of the
 * file's addresses removed, else one replaced by routes to just the subnets of the file it carries
 * (in the style of a lab whose routers carry specific routes), the fewest new lines first.
 */
function fixFor(network: Network, cycle: Cycle): { hop: Cycle['hops'][number]; fix: Fix } | undefined {
    const candidates = cycle.hops
        .map((hop) => ({ hop, subnets: carriedSubnets(network, hop.node, hop.route) }))
        .sort((a, b) => a.subnets.length - b.subnets.length);
    for (const { hop, subnets } of candidates) {
        const name = hop.node.model.name;
        const specs = subnets.map((prefix) => gatewayRoute(prefix, hop.route.gateway!));
        // The route's line keeps its place (and its comment): it takes the first subnet, lines after it the others.
        const changes: FixChange[] = specs.length
            ? [
                  { kind: 'set-destination', subject: hop.route.spec!, destination: formatPrefix(subnets[0]) },
                  ...specs.slice(1).map((route) => ({ kind: 'add-route' as const, node: name, route }))
              ]
            : [{ kind: 'remove', subject: hop.route.spec! }];
        const title = specs.length
            ? `Replace ${name}'s \`route ${hop.route.spec!.text}\` with ${specs.map((spec) => `\`route ${spec.text}\``).join(', ')}`
            : `Remove ${name}'s \`route ${hop.route.spec!.text}\` (it carries none of the file's addresses)`;
        const fix = { title, changes };
        if (breaks(network, cycle, hop.node, fix)) return { hop, fix };
    }
    return undefined;
}

/** The subnets (as their interfaces have them) of the known addresses the node sends by this route. */
function carriedSubnets(network: Network, node: NetworkNode, route: RouteEntry): Prefix[] {
    const subnets = new Map<string, Prefix>();
    for (const other of network.topology.nodes) {
        for (const iface of other.interfaces) {
            for (const { address, length } of iface.addresses) {
                const lookup = node.table.lookup(address);
                if (lookup.kind !== 'route' || lookup.route !== route) continue;
                const prefix = { address: networkOf(address, length), length };
                subnets.set(formatPrefix(prefix), prefix);
            }
        }
    }
    return [...subnets.values()].sort((a, b) => a.address - b.address);
}

function gatewayRoute(destination: Prefix, gateway: Ipv4): RouteSpec {
    return { destination, type: 'unicast', gateway, metric: 0, text: `${formatPrefix(destination)} via ${formatIpv4(gateway)}` };
}

/** By simulation: the probe no longer loops, and every ping that replied (every node to every known address, a sample) still does. */
function breaks(network: Network, cycle: Cycle, node: NetworkNode, fix: Fix): boolean {
    const after = withNodeChanged(network, applyToModel(node.model, fix));
    if (causeOf(simulatePing(after, cycle.hops[0].node.model.name, cycle.probe), after)?.cause.kind === 'loop') return false;
    const addresses = [...network.owners.keys()].filter((address) => address >>> 24 !== 127);
    const sources = [...network.nodes.keys()];
    // Every pair of source and address in a small lab; spread evenly over them in a big one (millions of pairs).
    const pairs = sources.length * addresses.length;
    const count = Math.min(PINGS_TO_CHECK, pairs);
    for (let index = 0; index < count; index++) {
        const pair = Math.floor((index * pairs) / count);
        const source = sources[Math.floor(pair / addresses.length)];
        const address = addresses[pair % addresses.length];
        if (simulatePing(network, source, address).reply && !simulatePing(after, source, address).reply) return false;
    }
    return true;
}
