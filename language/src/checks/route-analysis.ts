import { selectAddress } from '../engine/forwarding.js';
import { describeFailure, describeStop } from '../engine/explain.js';
import { formatIpv4, formatPrefix, networkOf } from '../engine/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { formatDestination } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { Ipv4 } from '../model/topology.js';
import type { Finding, FixSuggestion } from './finding.js';

/**
 * How many known addresses a single route is tried against: a default route in a large lab covers
 * every address, and the check must stay interactive. Beyond that, addresses are sampled evenly
 * across the subnets the route covers (the first address of each subnet, then the second, ...).
 */
export const ADDRESSES_PER_ROUTE = 16;

/**
 * The two checks each route line gets without any `ping` statement: **unreachable destination**
 * (packets sent along the route do not reach the known addresses it covers) and **missing return
 * route** (they arrive, but the replies cannot come back). Each is a simulated `ping` from the
 * route's node to each known address the route covers (where it is the route used).
 */
export function analyzeRoutes(network: Network): Finding[] {
    const addresses = knownAddresses(network);
    const findings: Finding[] = [];
    for (const node of network.nodes.values()) {
        for (const entry of node.table.entries) {
            if (entry.spec && entry.type === 'unicast') findings.push(...checkRoute(network, node, entry, addresses));
        }
    }
    return findings;
}

function checkRoute(network: Network, node: NetworkNode, route: RouteEntry, known: readonly Ipv4[][]): Finding[] {
    const unreachable: PingResult[] = [];
    const noReturn: PingResult[] = [];
    for (const address of coveredAddresses(node, route, known)) {
        const result = simulatePing(network, node.model.name, address);
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
    return count > 1 ? ` (and ${count - 1} more known address${count > 2 ? 'es' : ''})` : '';
}

function forwardFix(result: PingResult): FixSuggestion | undefined {
    const failure = result.failure!;
    if (failure.stage === 'request' && failure.stop.kind === 'ip-forward-off') {
        return { node: failure.stop.node, line: 'sysctl net.ipv4.ip_forward = 1' };
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

/** Every interface address of the topology, grouped by /24 in address order (each group sorted). */
function knownAddresses(network: Network): Ipv4[][] {
    const sorted = [...network.owners.keys()].filter((address) => address >>> 24 !== 127).sort((a, b) => a - b);
    const groups: Ipv4[][] = [];
    for (const address of sorted) {
        const last = groups[groups.length - 1];
        if (last && networkOf(last[0], 24) === networkOf(address, 24)) last.push(address);
        else groups.push([address]);
    }
    return groups;
}

/**
 * The known addresses (not the node's own) for which `route` is the node's choice, at most
 * {@link ADDRESSES_PER_ROUTE}, taken round-robin over the /24s in the route's range so that a
 * default route samples every subnet before it takes a second address anywhere.
 */
function coveredAddresses(node: NetworkNode, route: RouteEntry, groups: readonly Ipv4[][]): Ipv4[] {
    const inRange: Ipv4[][] = [];
    const last = route.destination + 2 ** (32 - route.length) - 1;
    for (let index = firstGroupAtOrAfter(groups, networkOf(route.destination, 24)); index < groups.length && groups[index][0] <= last; index++) {
        inRange.push(groups[index]);
    }
    const chosen: Ipv4[] = [];
    let budget = ADDRESSES_PER_ROUTE * 4;
    for (let round = 0; chosen.length < ADDRESSES_PER_ROUTE && budget > 0; round++) {
        let more = false;
        for (const group of inRange) {
            if (round >= group.length || chosen.length >= ADDRESSES_PER_ROUTE || budget <= 0) continue;
            more = true;
            const address = group[round];
            if (networkOf(address, route.length) !== route.destination || node.table.locals.has(address)) continue;
            budget--;
            const lookup = node.table.lookup(address);
            if (lookup.kind === 'route' && lookup.route === route) chosen.push(address);
        }
        if (!more) break;
    }
    return chosen;
}

function firstGroupAtOrAfter(groups: readonly Ipv4[][], address: Ipv4): number {
    let low = 0;
    let high = groups.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (networkOf(groups[middle][0], 24) < address) low = middle + 1;
        else high = middle;
    }
    return low;
}
