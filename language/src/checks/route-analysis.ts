import { networkOf, type Ipv4 } from '../address/ipv4.js';
import { selectAddress, sourceAddress } from '../engine/forwarding.js';
import { linkedParts, type Network, type NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { formatIpRoute } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import { causeOf, renameCause, type Cause, type CauseStage } from './causes.js';
import { Equivalence } from './equivalence.js';
import { KnownAddresses, ownRanges } from './known-addresses.js';
import { WorkingPings, type SimulatedPing } from './working-pings.js';

export type { SimulatedPing } from './working-pings.js';

/**
 * How many destinations a single route is tried against: a default route in a large lab covers
 * every address. Addresses the network cannot tell apart (same owner configuration, same class)
 * count once; beyond the limit, destinations are sampled across the /24s the route covers in turn.
 */
export const DESTINATIONS_PER_ROUTE = 64;

/**
 * How many simulated packet steps (a packet's hops, each recorded in its trace) the analysis may
 * spend in all: each route check gets an even share of what is left, and at least its first ping.
 * What bounds the analysis on networks with long paths (a ring of thousands of routers: every
 * ping there goes up to 64 hops out and 64 back). No lab of the tests comes near it.
 */
export const ANALYSIS_STEPS = 2_000_000;

/** How many pings that replied through a node a fix of that node is checked against (see cause-fixes.ts). */
const WORKING_TO_CHECK = 256;

/** A ping of the analysis that got no reply: the route's node pinged `destination` along `route`, and `cause` broke it. */
export interface RouteEffect {
    readonly node: NetworkNode;
    readonly route: RouteEntry;
    readonly destination: Ipv4;
    readonly cause: Cause;
    readonly stage: CauseStage;
    /** The ping simulated for it: for a reused check, that of the equivalent node it was done for. */
    readonly sample: SimulatedPing;
    /**
     * For a reply that the cause's node had no route back for: the request's source address, and
     * the neighbour's address the request came from (what a route fix votes for).
     */
    readonly handoff?: { readonly source: Ipv4; readonly gateway: Ipv4 };
}

/** Route checks that ran out of their share of {@link ANALYSIS_STEPS} before trying every destination chosen for them. */
export interface Sampling {
    /** The first such route line, and its node. */
    readonly first: { readonly node: NetworkNode; readonly route: RouteEntry };
    readonly checks: number;
    /** Of the destinations chosen for those checks, how many were tried. */
    readonly tried: number;
    readonly chosen: number;
}

/** What route analysis found: every failed ping with its cause, and the pings that replied (to check fixes against). */
export interface RouteAnalysis {
    readonly effects: readonly RouteEffect[];
    readonly working: WorkingPings;
    /** Undefined when every check tried all its destinations. */
    readonly sampling?: Sampling;
    /** For each known address, the addresses the network cannot tell apart from it (itself included): a ping tried to one stands for all. */
    readonly alike: ReadonlyMap<Ipv4, readonly Ipv4[]>;
    readonly addresses: KnownAddresses;
}

/** A failed ping of a check, as much of it as the findings and fixes need (a whole trace per ping would not fit in memory on long paths). */
interface Failure {
    readonly destination: Ipv4;
    readonly cause: Cause;
    readonly stage: CauseStage;
    readonly handoff?: RouteEffect['handoff'];
}

/** A route check done for one node, reused for the nodes the network cannot tell apart from it. */
interface CheckedRoute {
    readonly node: string;
    readonly failures: readonly Failure[];
    /** Every node the pings went through (a node on the way cannot stand for the pinger); kept only while another route has the same key. */
    readonly crossed?: ReadonlySet<string>;
}

/** How many pings are simulated between two yields of {@link routeAnalysisSteps}. */
const PINGS_PER_STEP = 256;

/**
 * The two checks each route line gets without any `ping` statement: **unreachable destination**
 * (packets sent along the route do not reach the known addresses it covers) and **missing return
 * route** (they arrive, but the replies cannot come back). Each is a simulated `ping` from the
 * route's node to the known addresses the route covers (where it is the route used); each failure
 * is kept with its cause (see causes.ts), which the report groups. `reuse` (default true) lets one
 * node's check stand for the nodes the network cannot tell apart from it; without it every node
 * is simulated on its own (the tests compare the two).
 */
export function analyzeRoutes(network: Network, options: { readonly reuse?: boolean } = {}): RouteAnalysis {
    const steps = routeAnalysisSteps(network, options);
    let next = steps.next();
    while (!next.done) next = steps.next();
    return next.value;
}

/**
 * {@link analyzeRoutes} in steps: the generator yields every few hundred simulated pings, so that
 * a language server can answer other requests (and cancel) in between.
 */
export function* routeAnalysisSteps(network: Network, options: { readonly reuse?: boolean } = {}): Generator<void, RouteAnalysis> {
    const reuse = options.reuse ?? true;
    const equivalence = new Equivalence(network);
    const addresses = new KnownAddresses(network);
    const parts = linkedParts(network);
    const destinations = destinationGroups(network, equivalence, addresses, parts);
    const routes = analysedRoutes(network, equivalence);
    // How many routes are still to come for each key: a check is kept only while one is.
    const pending = new Map<string, number>();
    for (const { key } of routes) pending.set(key, (pending.get(key) ?? 0) + 1);
    // The destinations of each key's first check, chosen ahead: the budget is shared by how many each check has.
    const planned = new Map<AnalysedRoute, Ipv4[]>();
    const firsts = new Set<string>();
    let plannedLeft = 0;
    for (const route of routes) {
        if (reuse && firsts.has(route.key)) continue;
        firsts.add(route.key);
        const chosen = coveredDestinations(route.node, route.entry, route.sorted, destinations, parts);
        planned.set(route, chosen);
        plannedLeft += chosen.length;
    }
    const checked = new Map<string, CheckedRoute>();
    const effects: RouteEffect[] = [];
    const working = new WorkingPings(WORKING_TO_CHECK);
    let budget = ANALYSIS_STEPS;
    let sampling: { first: Sampling['first']; checks: number; tried: number; chosen: number } | undefined;
    let sinceYield = 0;
    for (const route of routes) {
        const { node, entry, key, sorted } = route;
        const left = pending.get(key)! - 1;
        pending.set(key, left);
        let check = checked.get(key);
        if (!reuse || !check || check.crossed?.has(node.model.name) !== false) {
            const ahead = planned.get(route);
            planned.delete(route);
            const chosen = ahead ?? coveredDestinations(node, entry, sorted, destinations, parts);
            if (ahead) plannedLeft -= chosen.length;
            const share = (budget * chosen.length) / Math.max(1, plannedLeft + chosen.length);
            const pinged = checkRoute(network, node, chosen, share, working, reuse && left > 0);
            check = pinged.check;
            budget -= pinged.steps;
            sinceYield += pinged.pings;
            if (pinged.pings < chosen.length) {
                sampling ??= { first: { node, route: entry }, checks: 0, tried: 0, chosen: 0 };
                sampling.checks++;
                sampling.tried += pinged.pings;
                sampling.chosen += chosen.length;
            }
        }
        if (left > 0) checked.set(key, check);
        else checked.delete(key);
        for (const failure of check.failures) {
            const own = check.node === node.model.name;
            const cause = own ? failure.cause : renameCause(failure.cause, check.node, node.model.name);
            // The handoff was seen at the cause's node; a cause renamed to this node was not on the simulated path.
            const handoff = own || cause === failure.cause ? failure.handoff : undefined;
            effects.push({
                node,
                route: entry,
                destination: failure.destination,
                cause,
                stage: failure.stage,
                sample: { source: check.node, destination: failure.destination },
                handoff
            });
        }
        if (sinceYield >= PINGS_PER_STEP) {
            sinceYield = 0;
            yield;
        }
    }
    const alike = new Map<Ipv4, readonly Ipv4[]>();
    for (const group of destinations) for (const { addresses: members } of group) for (const address of members) alike.set(address, members);
    return { effects, working, alike, addresses, sampling };
}

/** A route line the analysis checks, with its reuse key and its node's table in `ip route show` order. */
interface AnalysedRoute {
    readonly node: NetworkNode;
    readonly entry: RouteEntry;
    readonly key: string;
    readonly sorted: readonly RouteEntry[];
}

function analysedRoutes(network: Network, equivalence: Equivalence): AnalysedRoute[] {
    const routes: AnalysedRoute[] = [];
    for (const node of network.nodes.values()) {
        const sorted = node.table.sorted();
        for (const entry of node.table.entries) {
            if (entry.spec && entry.type === 'unicast') routes.push({ node, entry, key: routeKey(equivalence, node, entry), sorted });
        }
    }
    return routes;
}

/**
 * Nodes with the same key get the same answers for this route: same configuration, same route,
 * a source address of the same class, and the same own addresses the route would otherwise cover.
 */
function routeKey(equivalence: Equivalence, node: NetworkNode, route: RouteEntry): string {
    const source = sourceAddress(node, route);
    const shadowed = [...node.table.locals.keys()].filter((address) => node.table.longestMatch(address) === route);
    return `${equivalence.signatureOf(node)}\n${formatIpRoute(route)}\n${source === undefined ? '-' : equivalence.classOf(source, node)}\n${shadowed.join(',')}`;
}

/**
 * Simulates the pings of one route check, in the order chosen, while its steps stay within
 * `share` (the first ping always); `keepCrossed` when another route may reuse it.
 */
function checkRoute(
    network: Network,
    node: NetworkNode,
    destinations: readonly Ipv4[],
    share: number,
    working: WorkingPings,
    keepCrossed: boolean
): { check: CheckedRoute; pings: number; steps: number } {
    const failures: Failure[] = [];
    const crossed = keepCrossed ? new Set<string>() : undefined;
    const source = node.model.name;
    let steps = 0;
    let pings = 0;
    for (const destination of destinations) {
        if (pings > 0 && steps >= share) break;
        const result = simulatePing(network, source, destination);
        pings++;
        steps += result.trace.length;
        if (crossed) for (const name of result.path) crossed.add(name);
        if (result.reply) working.add({ source, destination }, result.path);
        else {
            const failure = failureOf(network, result);
            if (failure) failures.push(failure);
        }
    }
    return { check: { node: source, failures, crossed }, pings, steps };
}

function failureOf(network: Network, result: PingResult): Failure | undefined {
    const found = causeOf(result, network);
    if (!found) return undefined;
    const { cause, stage } = found;
    const gateway = stage === 'reply' && cause.kind === 'no-route' ? handedBy(network, result, cause.node) : undefined;
    const source = result.trace[0]?.src;
    const handoff = gateway !== undefined && source !== undefined ? { source, gateway } : undefined;
    return { destination: result.target, cause, stage, handoff };
}

/**
 * The address of the neighbour that routed the echo request to `node` as its gateway, as `node`
 * would name it as a gateway (a neighbour that just delivered to `node`'s own address on their
 * common link says nothing about how the network is routed).
 */
function handedBy(network: Network, result: PingResult, node: string): Ipv4 | undefined {
    const request = result.trace.filter((step) => step.packet === 'echo-request');
    const arrival = request.findIndex((step) => step.node === node);
    const previous = arrival > 0 ? request[arrival - 1] : undefined;
    if (!previous?.outDevice || previous.nextHop === undefined || previous.nextHop === previous.dst) return undefined;
    const neighbour = network.nodes.get(previous.node);
    return neighbour && selectAddress(neighbour, previous.outDevice, previous.nextHop);
}

/** Known addresses the network cannot tell apart: same owner configuration and interface, same address class, same part of the network. */
interface DestinationClass {
    /** In address order. */
    readonly addresses: Ipv4[];
    /** The owner's part of the network (see {@link linkedParts}). */
    readonly part: number;
}

/** Every interface address of the topology, by /24 in address order, each /24 split into destination classes. */
function destinationGroups(network: Network, equivalence: Equivalence, known: KnownAddresses, parts: ReadonlyMap<string, number>): DestinationClass[][] {
    const groups: Map<string, DestinationClass>[] = [];
    let current: Map<string, DestinationClass> | undefined;
    let currentNetwork = -1;
    for (const address of known.sorted) {
        if (networkOf(address, 24) !== currentNetwork) {
            currentNetwork = networkOf(address, 24);
            groups.push((current = new Map()));
        }
        const owner = network.owners.get(address)![0];
        const iface = owner.model.interfaces.find((candidate) => candidate.addresses.some((entry) => entry.address === address));
        const part = parts.get(owner.model.name)!;
        const key = `${equivalence.signatureOf(owner)} ${iface?.name} ${equivalence.classOf(address, owner)} ${part}`;
        const known = current!.get(key);
        if (known) known.addresses.push(address);
        else current!.set(key, { addresses: [address], part });
    }
    return groups.map((group) => [...group.values()]);
}

/** A /24 of destinations the route may cover, and the candidates found in it so far. */
interface GroupCursor {
    readonly classes: readonly DestinationClass[];
    /** The next class to look at. */
    next: number;
    readonly found: Ipv4[];
}

/**
 * One known address (not the node's own, not in another part of the network: no route could
 * take a packet there, so no route is at fault) per destination class for which `route` is the node's
 * choice, at most {@link DESTINATIONS_PER_ROUTE}, taken round-robin over the /24s in the route's
 * range so that a default route samples every subnet before it takes a second class anywhere.
 * Only the /24s where no longer prefix of the node takes over are looked at, and each only as far
 * as the round needs: the cost follows the destinations chosen, not the size of the network.
 */
function coveredDestinations(
    node: NetworkNode,
    route: RouteEntry,
    sorted: readonly RouteEntry[],
    groups: readonly DestinationClass[][],
    parts: ReadonlyMap<string, number>
): Ipv4[] {
    const part = parts.get(node.model.name);
    const cursors: GroupCursor[] = [];
    let lastGroup = -1;
    for (const range of ownRanges(sorted, route)) {
        for (
            let index = Math.max(lastGroup + 1, firstGroupAtOrAfter(groups, networkOf(range.first, 24)));
            index < groups.length && groups[index][0].addresses[0] <= range.last;
            index++
        ) {
            cursors.push({ classes: groups[index], next: 0, found: [] });
            lastGroup = index;
        }
    }
    const candidate = (cursor: GroupCursor, round: number): Ipv4 | undefined => {
        while (cursor.found.length <= round && cursor.next < cursor.classes.length) {
            const destinationClass = cursor.classes[cursor.next++];
            if (destinationClass.part !== part) continue;
            // Addresses of one class are looked up alike, but for the node's own.
            const address = destinationClass.addresses.find((member) => !node.table.locals.has(member));
            if (address === undefined) continue;
            const lookup = node.table.lookup(address);
            if (lookup.kind === 'route' && lookup.route === route) cursor.found.push(address);
        }
        return cursor.found[round];
    };
    const chosen: Ipv4[] = [];
    let open = cursors;
    for (let round = 0; chosen.length < DESTINATIONS_PER_ROUTE && open.length; round++) {
        const still: GroupCursor[] = [];
        for (const cursor of open) {
            if (chosen.length >= DESTINATIONS_PER_ROUTE) break;
            const address = candidate(cursor, round);
            if (address === undefined) continue;
            chosen.push(address);
            still.push(cursor);
        }
        open = still;
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
