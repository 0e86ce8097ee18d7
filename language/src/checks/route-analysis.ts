import { selectAddress, sourceAddress } from '../engine/forwarding.js';
import { describeFailure, describeStop } from '../engine/explain.js';
import { formatIpv4, formatPrefix, networkOf } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { formatDestination, formatIpRoute } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { Ipv4 } from '../model/topology.js';
import { Equivalence } from './equivalence.js';
import type { Finding, FixSuggestion } from './finding.js';

/**
 * How many destinations a single route is tried against: a default route in a large lab covers
 * every address. Addresses the network cannot tell apart (same owner configuration, same class)
 * count once; beyond the limit, destinations are sampled across the /24s the route covers in turn.
 */
export const DESTINATIONS_PER_ROUTE = 64;

/** A route check done for one node, reused for the nodes the network cannot tell apart from it. */
interface CheckedRoute {
    /** Destinations that failed: simulated again for each node, so that messages name that node. */
    readonly failed: readonly Ipv4[];
    /** Every node the pings went through: a node on the way cannot stand for the pinger. */
    readonly crossed: ReadonlySet<string>;
}

/**
 * The two checks each route line gets without any `ping` statement: **unreachable destination**
 * (packets sent along the route do not reach the known addresses it covers) and **missing return
 * route** (they arrive, but the replies cannot come back). Each is a simulated `ping` from the
 * route's node to the known addresses the route covers (where it is the route used). `reuse`
 * (default true) lets one node's check stand for the nodes the network cannot tell apart from it;
 * without it every node is simulated on its own (the tests compare the two).
 */
export function analyzeRoutes(network: Network, options: { readonly reuse?: boolean } = {}): Finding[] {
    const reuse = options.reuse ?? true;
    const equivalence = new Equivalence(network);
    const destinations = destinationGroups(network, equivalence);
    const checked = new Map<string, CheckedRoute>();
    const findings: Finding[] = [];
    for (const node of network.nodes.values()) {
        for (const entry of node.table.entries) {
            if (!entry.spec || entry.type !== 'unicast') continue;
            const key = routeKey(equivalence, node, entry);
            let check = checked.get(key);
            if (!reuse || !check || check.crossed.has(node.model.name)) {
                check = checkRoute(network, node, entry, destinations);
                checked.set(key, check);
            }
            findings.push(...report(network, node, entry, check.failed.map((address) => simulatePing(network, node.model.name, address))));
        }
    }
    return findings;
}

/**
 * Nodes with the same key get the same answers for this route: same configuration, same route,
 * a source address of the same class, and the same own addresses the route would otherwise cover.
 */
function routeKey(equivalence: Equivalence, node: NetworkNode, route: RouteEntry): string {
    const source = sourceAddress(node, route);
    const shadowed = [...node.table.locals.keys()].filter((address) => node.table.longestMatch(address, () => true) === route);
    return `${equivalence.signatureOf(node)}\n${formatIpRoute(route)}\n${source === undefined ? '-' : equivalence.classOf(source, node)}\n${shadowed.join(',')}`;
}

function checkRoute(network: Network, node: NetworkNode, route: RouteEntry, groups: readonly DestinationClass[][]): CheckedRoute {
    const failed: Ipv4[] = [];
    const crossed = new Set<string>();
    for (const address of coveredDestinations(node, route, groups)) {
        const result = simulatePing(network, node.model.name, address);
        for (const name of result.path) crossed.add(name);
        if (!result.reply) failed.push(address);
    }
    return { failed, crossed };
}

/** The findings for a node's route from the pings that got no reply. */
function report(network: Network, node: NetworkNode, route: RouteEntry, results: readonly PingResult[]): Finding[] {
    const unreachable: PingResult[] = [];
    const noReturn: PingResult[] = [];
    for (const result of results) {
        const failure = result.failure;
        if (!failure || isReportedElsewhere(node, route, result)) continue;
        if (failure.stage === 'reply') noReturn.push(result);
        else if (failure.stage !== 'request' || (failure.stop.kind !== 'echo-ignored' && failure.stop.kind !== 'broadcast-ignored')) unreachable.push(result);
    }
    const findings: Finding[] = [];
    if (unreachable.length) {
        const first = unreachable[0];
        findings.push({
            severity: 'warning', code: 'unreachable-destination', subject: route.spec!,
            message: `unreachable destination: packets for ${formatDestination(route)} via this route do not reach ${target(network, first)}: `
                + `${describeFailure(first.failure!, first)}${more(unreachable.length)}`,
            fix: forwardFix(first)
        });
    }
    if (noReturn.length) {
        const first = noReturn[0];
        const failure = first.failure as Extract<PingResult['failure'], { stage: 'reply' }>;
        findings.push({
            severity: 'warning', code: 'missing-return-route', subject: route.spec!,
            message: `missing return route: ${target(network, first)} gets the packets, but its replies cannot come back to ${node.model.name}: `
                + `${describeStop(failure.stop)}${more(noReturn.length)}`,
            fix: returnRouteFix(network, node, first)
        });
    }
    return findings;
}

/** The first hop's own problems (gateway nobody owns, gateway that does not forward) have their own warnings. */
function isReportedElsewhere(node: NetworkNode, route: RouteEntry, result: PingResult): boolean {
    const failure = result.failure!;
    if (failure.stage !== 'request') return false;
    const stop = failure.stop;
    if (stop.kind === 'arp-failed' && stop.node === node.model.name && stop.nextHop === route.gateway) return true;
    return stop.kind === 'ip-forward-off' && result.path[1] === stop.node;
}

function target(network: Network, result: PingResult): string {
    const owner = network.owners.get(result.target)?.[0];
    return `${formatIpv4(result.target)}${owner ? ` (${owner.model.name})` : ''}`;
}

function more(count: number): string {
    return count > 1 ? ` (and ${count - 1} more destination${count > 2 ? 's' : ''})` : '';
}

function forwardFix(result: PingResult): FixSuggestion | undefined {
    const failure = result.failure!;
    if (failure.stage === 'request' && failure.stop.kind === 'ip-forward-off') {
        return { node: failure.stop.node, line: `sysctl ${failure.stop.setting} = 1` };
    }
    return undefined;
}

/**
 * The route that would bring the replies back: on the node that has no route to the pinger, a
 * route to the pinger's subnet via the neighbour that handed it the request.
 */
function returnRouteFix(network: Network, pinger: NetworkNode, result: PingResult): FixSuggestion | undefined {
    const failure = result.failure;
    if (failure?.stage !== 'reply' || failure.stop.kind !== 'no-route') return undefined;
    const lacking = failure.stop.node;
    const request = result.trace.filter((step) => step.packet === 'echo-request');
    const arrival = request.findIndex((step) => step.node === lacking);
    const handedBy = arrival > 0 ? request[arrival - 1] : undefined;
    const source = request[0]?.src;
    if (!handedBy?.outDevice || handedBy.nextHop === undefined || source === undefined) return undefined;
    const neighbour = network.nodes.get(handedBy.node)!;
    const gateway = selectAddress(neighbour, handedBy.outDevice, handedBy.nextHop);
    const subnet = pinger.model.interfaces.flatMap((iface) => iface.addresses).find((entry) => entry.address === source);
    if (gateway === undefined || !subnet) return undefined;
    const destination = formatPrefix({ address: networkOf(source, subnet.length), length: subnet.length });
    return { node: lacking, line: `route ${destination} via ${formatIpv4(gateway)}` };
}

/** Known addresses the network cannot tell apart: same owner configuration and interface, same address class. */
interface DestinationClass {
    /** In address order. */
    readonly addresses: Ipv4[];
}

/** Every interface address of the topology, by /24 in address order, each /24 split into destination classes. */
function destinationGroups(network: Network, equivalence: Equivalence): DestinationClass[][] {
    const sorted = [...network.owners.keys()].filter((address) => address >>> 24 !== 127).sort((a, b) => a - b);
    const groups: Map<string, DestinationClass>[] = [];
    let current: Map<string, DestinationClass> | undefined;
    let currentNetwork = -1;
    for (const address of sorted) {
        if (networkOf(address, 24) !== currentNetwork) {
            currentNetwork = networkOf(address, 24);
            groups.push(current = new Map());
        }
        const owner = network.owners.get(address)![0];
        const iface = owner.model.interfaces.find((candidate) => candidate.addresses.some((entry) => entry.address === address));
        const key = `${equivalence.signatureOf(owner)} ${iface?.name} ${equivalence.classOf(address, owner)}`;
        const known = current!.get(key);
        if (known) known.addresses.push(address);
        else current!.set(key, { addresses: [address] });
    }
    return groups.map((group) => [...group.values()]);
}

/**
 * One known address (not the node's own) per destination class for which `route` is the node's
 * choice, at most {@link DESTINATIONS_PER_ROUTE}, taken round-robin over the /24s in the route's
 * range so that a default route samples every subnet before it takes a second class anywhere.
 */
function coveredDestinations(node: NetworkNode, route: RouteEntry, groups: readonly DestinationClass[][]): Ipv4[] {
    const inRange: Ipv4[][] = [];
    const last = route.destination + 2 ** (32 - route.length) - 1;
    for (let index = firstGroupAtOrAfter(groups, networkOf(route.destination, 24)); index < groups.length && groups[index][0].addresses[0] <= last; index++) {
        const candidates: Ipv4[] = [];
        for (const { addresses } of groups[index]) {
            // Addresses of one class are looked up alike, but for the node's own.
            const address = addresses.find((candidate) => !node.table.locals.has(candidate));
            if (address === undefined) continue;
            const lookup = node.table.lookup(address);
            if (lookup.kind === 'route' && lookup.route === route) candidates.push(address);
        }
        inRange.push(candidates);
    }
    const chosen: Ipv4[] = [];
    for (let round = 0; chosen.length < DESTINATIONS_PER_ROUTE; round++) {
        let more = false;
        for (const candidates of inRange) {
            if (round >= candidates.length || chosen.length >= DESTINATIONS_PER_ROUTE) continue;
            more = true;
            chosen.push(candidates[round]);
        }
        if (!more) break;
    }
    return chosen;
}

function firstGroupAtOrAfter(groups: readonly DestinationClass[][], address: Ipv4): number {
    let low = 0;
    let high = groups.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (networkOf(groups[middle][0].addresses[0], 24) < address) low = middle + 1;
        else high = middle;
    }
    return low;
}
