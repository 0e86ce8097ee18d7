import { networkOf, type Ipv4 } from '../address/ipv4.js';
import { sourceAddress } from '../engine/forwarding.js';
import type { Network, NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { formatIpRoute } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import { causeOf, renameCause, type Cause, type CauseStage } from './causes.js';
import { Equivalence } from './equivalence.js';

/**
 * How many destinations a single route is tried against: a default route in a large lab covers
 * every address. Addresses the network cannot tell apart (same owner configuration, same class)
 * count once; beyond the limit, destinations are sampled across the /24s the route covers in turn.
 */
export const DESTINATIONS_PER_ROUTE = 64;

/** A ping the analysis simulated, kept small: whether it got a reply, the nodes it crossed, and (on failure) the simulation. */
export interface SimulatedPing {
    readonly source: string;
    readonly destination: Ipv4;
    readonly path: readonly string[];
    /** Kept for failed pings only: what the fixes are inferred from. */
    readonly failed?: PingResult;
}

/** A ping of the analysis that got no reply: the route's node pinged `destination` along `route`, and `cause` broke it. */
export interface RouteEffect {
    readonly node: NetworkNode;
    readonly route: RouteEntry;
    readonly destination: Ipv4;
    readonly cause: Cause;
    readonly stage: CauseStage;
    /** The simulation behind it: for a reused check, that of the equivalent node it was done for. */
    readonly sample: SimulatedPing & { readonly failed: PingResult };
}

/** What route analysis found: every failed ping with its cause, and the pings it simulated (to check fixes against). */
export interface RouteAnalysis {
    readonly effects: readonly RouteEffect[];
    readonly samples: readonly SimulatedPing[];
    /** For each known address, the addresses the network cannot tell apart from it (itself included): a ping tried to one stands for all. */
    readonly alike: ReadonlyMap<Ipv4, readonly Ipv4[]>;
}

/** A route check done for one node, reused for the nodes the network cannot tell apart from it. */
interface CheckedRoute {
    readonly node: string;
    readonly samples: readonly SimulatedPing[];
    /** Every node the pings went through: a node on the way cannot stand for the pinger. */
    readonly crossed: ReadonlySet<string>;
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
    const destinations = destinationGroups(network, equivalence);
    const checked = new Map<string, CheckedRoute>();
    const effects: RouteEffect[] = [];
    const samples: SimulatedPing[] = [];
    let sinceYield = 0;
    for (const node of network.nodes.values()) {
        for (const entry of node.table.entries) {
            if (!entry.spec || entry.type !== 'unicast') continue;
            const key = routeKey(equivalence, node, entry);
            let check = checked.get(key);
            if (!reuse || !check || check.crossed.has(node.model.name)) {
                check = checkRoute(network, node, entry, destinations);
                checked.set(key, check);
                samples.push(...check.samples);
                sinceYield += check.samples.length;
            }
            for (const sample of check.samples) {
                if (!sample.failed) continue;
                const found = causeOf(sample.failed);
                if (!found) continue;
                const cause = check.node === node.model.name ? found.cause : renameCause(found.cause, check.node, node.model.name);
                effects.push({ node, route: entry, destination: sample.destination, cause, stage: found.stage, sample: sample as RouteEffect['sample'] });
            }
            if (sinceYield >= PINGS_PER_STEP) {
                sinceYield = 0;
                yield;
            }
        }
    }
    const alike = new Map<Ipv4, readonly Ipv4[]>();
    for (const group of destinations) for (const { addresses } of group) for (const address of addresses) alike.set(address, addresses);
    return { effects, samples, alike };
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
    const samples: SimulatedPing[] = [];
    const crossed = new Set<string>();
    const source = node.model.name;
    for (const destination of coveredDestinations(node, route, groups)) {
        const result = simulatePing(network, source, destination);
        for (const name of result.path) crossed.add(name);
        samples.push({ source, destination, path: result.path, failed: result.reply ? undefined : result });
    }
    return { node: source, samples, crossed };
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
