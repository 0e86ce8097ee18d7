import { IPv4CidrRange, Pool } from 'ip-num';
import { formatIpv4, formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { selectAddress, usesGateway } from '../engine/forwarding.js';
import { withNodeChanged, type Network, type NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { routeRefusal } from '../engine/route-table.js';
import type { NodeModel, RouteSpec } from '../model/topology.js';
import { causeKey, causeOf, renameCause, type Cause } from './causes.js';
import type { Fix, FixChange } from './finding.js';
import type { PingRun } from './ping-checks.js';
import type { RouteEffect, SimulatedPing } from './route-analysis.js';

/** What a fix is inferred from and checked against. */
export interface FixContext {
    readonly network: Network;
    /** Every ping route analysis simulated. */
    readonly samples: readonly SimulatedPing[];
    /** The file's `ping` statements, simulated. */
    readonly runs: readonly PingRun[];
}

/** At most this many failed pings are simulated again to see that a fix repairs them, and this many working ones that it keeps them working. */
const FAILED_TO_CHECK = 64;
const WORKING_TO_CHECK = 256;

/**
 * The smallest change that makes the pings broken by `cause` reply, checked by simulating the
 * network with it applied: the pings it broke no longer fail for this cause, and no ping that
 * replied stops replying. Undefined when no change can be found that passes.
 */
export function fixForCause(context: FixContext, cause: Cause, effects: readonly RouteEffect[]): Fix | undefined {
    const node = context.network.nodes.get(cause.node);
    if (!node) return undefined;
    const candidates = candidateFixes(context, node, cause, effects);
    return candidates.find((fix) => repairs(context, node, cause, effects, fix));
}

/** Fixes worth trying for a cause, the preferred one first. */
function candidateFixes(context: FixContext, node: NetworkNode, cause: Cause, effects: readonly RouteEffect[]): Fix[] {
    const name = node.model.name;
    switch (cause.kind) {
        case 'no-route':
            return routeFixes(context.network, node, effects);
        case 'forwarding-off': {
            const aliases = cause.setting === 'net.ipv4.ip_forward' ? ['net.ipv4.conf.all.forwarding'] : [];
            return [sysctlFix(node.model, cause.setting, 1, aliases, `turn forwarding on in ${name}`)];
        }
        case 'rp-filter':
            // Loose mode accepts a source whatever interface the route back leaves by; the larger of `all` and the interface's value counts.
            return [sysctlFix(node.model, `net.ipv4.conf.${cause.device}.rp_filter`, 2, [], `make ${name}'s reverse-path filter on ${cause.device} loose`)];
        case 'reject-route':
            return cause.route.spec
                ? [{ title: `Remove ${name}'s route \`${cause.route.spec.text}\``, changes: [{ kind: 'remove', subject: cause.route.spec }] }]
                : [];
        default:
            return [];
    }
}

function sysctlFix(node: NodeModel, key: string, value: number, aliases: readonly string[], why: string): Fix {
    const existing = lastSysctl(node, [key, ...aliases]);
    const line = `sysctl ${existing?.key ?? key} = ${value}`;
    const title = existing ? `Set \`${line}\` on ${node.name} (${why})` : `Add \`${line}\` to ${node.name}`;
    return { title, changes: [{ kind: 'set-sysctl', node: node.name, key, value, aliases }] };
}

function lastSysctl(node: NodeModel, keys: readonly string[]): NodeModel['sysctls'][number] | undefined {
    return [...node.sysctls].reverse().find((sysctl) => keys.includes(sysctl.key));
}

/** The node's model with the fix's changes applied, as the text edits will apply them. */
export function applyToModel(node: NodeModel, fix: Fix): NodeModel {
    let model = node;
    for (const change of fix.changes) model = applyChange(model, change);
    return model;
}

function applyChange(node: NodeModel, change: FixChange): NodeModel {
    switch (change.kind) {
        case 'add-route':
            return change.node === node.name ? { ...node, routes: [...node.routes, parseRouteLine(change.line)] } : node;
        case 'set-sysctl': {
            if (change.node !== node.name) return node;
            const keys = [change.key, ...(change.aliases ?? [])];
            const index = node.sysctls.map((sysctl) => keys.includes(sysctl.key)).lastIndexOf(true);
            const sysctls = index < 0 ? [...node.sysctls, { key: change.key, value: change.value }]
                : node.sysctls.map((sysctl, at) => (at === index ? { key: sysctl.key, value: change.value } : sysctl));
            return { ...node, sysctls };
        }
        case 'remove':
            return { ...node, routes: node.routes.filter((route) => route !== change.subject), sysctls: node.sysctls.filter((sysctl) => sysctl !== change.subject) };
        case 'set-destination':
            return node;
    }
}

/** Routes this module proposes are written `route DEST via GW` (see {@link routeLine}). */
function parseRouteLine(line: string): RouteSpec {
    const [, destination, gateway] = /^route (\S+) via (\S+)$/.exec(line)!;
    const prefix: Prefix = destination === 'default' ? { address: 0, length: 0 } : parsePrefix(destination);
    return { destination: prefix, type: 'unicast', gateway: parseAddress(gateway), metric: 0, text: line.slice('route '.length) };
}

function parsePrefix(text: string): Prefix {
    const range = IPv4CidrRange.fromCidr(text);
    return { address: Number(range.getFirst().getValue()), length: Number(range.cidrPrefix.getValue()) };
}

function parseAddress(text: string): Ipv4 {
    return Number(IPv4CidrRange.fromCidr(`${text}/32`).getFirst().getValue());
}

function routeLine(destination: Prefix, gateway: Ipv4): string {
    return `route ${destination.length === 0 ? 'default' : formatPrefix(destination)} via ${formatIpv4(gateway)}`;
}

/** A subnet some node is on, which `node` has no route to. */
interface MissingSubnet {
    readonly prefix: Prefix;
    /** One known address in it. */
    readonly address: Ipv4;
}

/**
 * Route fixes for a node without a route: for every subnet of the topology it cannot reach, the
 * neighbour to send it to; then one route where one serves (a default route where the node has
 * none and one neighbour serves every subnet; a covering prefix otherwise), else one per block of
 * subnets. The specific routes come second, in case the wider ones break something.
 */
function routeFixes(network: Network, node: NetworkNode, effects: readonly RouteEffect[]): Fix[] {
    const missing = missingSubnets(network, node);
    const neighbours = neighboursOf(network, node);
    const votes = gatewayVotes(network, node, neighbours, effects, missing);
    const byGateway = new Map<Ipv4, MissingSubnet[]>();
    for (const subnet of missing) {
        const gateway = bestGateway(node, neighbours, subnet, votes.get(subnetKey(subnet.prefix)));
        if (gateway === undefined) continue;
        const list = byGateway.get(gateway);
        if (list) list.push(subnet);
        else byGateway.set(gateway, [subnet]);
    }
    const name = node.model.name;
    const fix = (routes: readonly { readonly destination: Prefix; readonly gateway: Ipv4 }[]): Fix => {
        const lines = routes.map(({ destination, gateway }) => routeLine(destination, gateway));
        const title = lines.length === 1 ? `Add \`${lines[0]}\` to ${name}` : `Add ${lines.length} routes to ${name}: ${lines.map((line) => `\`${line}\``).join(', ')}`;
        return { title, changes: lines.map((line) => ({ kind: 'add-route', node: name, line })) };
    };
    const oneGateway = byGateway.size === 1 && !node.table.has(0, 0, 0);
    const wide = fix([...byGateway].map(([gateway, subnets]) => ({
        destination: oneGateway && subnets.length > 1 ? { address: 0, length: 0 } : coveringPrefix(subnets.map((subnet) => subnet.prefix)),
        gateway
    })));
    const specific = fix([...byGateway].flatMap(([gateway, subnets]) =>
        aggregate(subnets.map((subnet) => subnet.prefix)).map((destination) => ({ destination, gateway }))));
    const candidates = wide.title === specific.title ? [wide] : [wide, specific];
    return byGateway.size === 0 ? [] : candidates.filter((candidate) => candidate.changes.every((change) =>
        change.kind !== 'add-route' || routeRefusal(node.table, node.model, parseRouteLine(change.line)) === undefined));
}

const subnetKey = (prefix: Prefix) => `${prefix.address}/${prefix.length}`;

/** The subnets of the topology's addresses (each as its interface has it) for which `node` has no route. */
function missingSubnets(network: Network, node: NetworkNode): MissingSubnet[] {
    const found = new Map<string, MissingSubnet>();
    for (const other of network.topology.nodes) {
        for (const iface of other.interfaces) {
            for (const { address, length } of iface.addresses) {
                if (address >>> 24 === 127 || node.table.lookup(address).kind !== 'none') continue;
                const prefix = { address: networkOf(address, length), length };
                const key = subnetKey(prefix);
                if (!found.has(key)) found.set(key, { prefix, address });
            }
        }
    }
    return [...found.values()];
}

/**
 * Which neighbour each subnet should go to, by vote: the neighbour that handed the node the
 * requests whose replies it could not send back (the way they came), and the gateways the node's
 * neighbours on the same segment use for that subnet (what the rest of the network does).
 */
function gatewayVotes(
    network: Network, node: NetworkNode, neighbours: Neighbours, effects: readonly RouteEffect[], missing: readonly MissingSubnet[]
): Map<string, Map<Ipv4, number>> {
    const votes = new Map<string, Map<Ipv4, number>>();
    const vote = (subnet: Prefix, gateway: Ipv4, weight: number) => {
        let tally = votes.get(subnetKey(subnet));
        if (!tally) votes.set(subnetKey(subnet), tally = new Map());
        tally.set(gateway, (tally.get(gateway) ?? 0) + weight);
    };
    for (const effect of effects) {
        if (effect.stage !== 'reply') continue;
        const handoff = handedBy(network, effect.sample.failed, node.model.name);
        const source = effect.sample.failed.trace[0]?.src;
        const subnet = source === undefined ? undefined : missing.find((entry) => prefixContains(entry.prefix, source));
        if (handoff !== undefined && subnet) vote(subnet.prefix, handoff, 1000);
    }
    for (const onSegment of neighbours.values()) {
        for (const subnet of missing) {
            for (const neighbour of onSegment) {
                const lookup = neighbour.node.table.lookup(subnet.address);
                if (lookup.kind !== 'route' || lookup.route.device !== neighbour.device || !usesGateway(neighbour.node, lookup.route)) continue;
                if (node.table.locals.has(lookup.route.gateway!) || !onSegment.some((other) => other.node.table.locals.has(lookup.route.gateway!))) continue;
                vote(subnet.prefix, lookup.route.gateway!, 1);
            }
        }
    }
    return votes;
}

/** The address of the neighbour that handed `node` the echo request, as `node` would name it as a gateway. */
function handedBy(network: Network, result: PingResult, node: string): Ipv4 | undefined {
    const request = result.trace.filter((step) => step.packet === 'echo-request');
    const arrival = request.findIndex((step) => step.node === node);
    const previous = arrival > 0 ? request[arrival - 1] : undefined;
    if (!previous?.outDevice || previous.nextHop === undefined) return undefined;
    const neighbour = network.nodes.get(previous.node);
    return neighbour && selectAddress(neighbour, previous.outDevice, previous.nextHop);
}

/** The other nodes on each of a node's segments (by the node's interface), with the interface they are on it by. */
type Neighbours = ReadonlyMap<string, readonly { readonly node: NetworkNode; readonly device: string }[]>;

function neighboursOf(network: Network, node: NetworkNode): Neighbours {
    const segments = new Map<string, string>();
    for (const [device, segment] of node.segments) segments.set(segment, device);
    const result = new Map<string, { node: NetworkNode; device: string }[]>();
    for (const other of network.nodes.values()) {
        if (other === node) continue;
        for (const [device, segment] of other.segments) {
            const mine = segments.get(segment);
            if (mine === undefined) continue;
            const list = result.get(mine);
            if (list) list.push({ node: other, device });
            else result.set(mine, [{ node: other, device }]);
        }
    }
    return result;
}

/**
 * The gateway for one missing subnet: an address of a neighbour on one of the node's segments
 * that the node can route through (`ip route add` would accept it), that forwards, and that has
 * a way on for the subnet which does not come back to the node; the most voted for, else one that
 * holds the subnet itself, else the lowest address.
 */
function bestGateway(node: NetworkNode, neighbours: Neighbours, subnet: MissingSubnet, votes: ReadonlyMap<Ipv4, number> | undefined): Ipv4 | undefined {
    let best: { gateway: Ipv4; score: number } | undefined;
    for (const [device, onSegment] of neighbours) {
        const sender = selectAddress(node, device, 0);
        for (const neighbour of onSegment) {
            const gateway = sender === undefined ? undefined : selectAddress(neighbour.node, neighbour.device, sender);
            if (gateway === undefined || !node.table.longestMatch(gateway, (entry) => entry.scope === 'link' && entry.device === device)) continue;
            if (!neighbour.node.settings.forwards(neighbour.device)) continue;
            const onward = neighbour.node.table.lookup(subnet.address);
            const holds = onward.kind === 'local' || (onward.kind === 'route' && onward.route.type === 'unicast' && !usesGateway(neighbour.node, onward.route));
            const usable = holds || (onward.kind === 'route' && onward.route.type === 'unicast' && !node.table.locals.has(onward.route.gateway!));
            if (!usable) continue;
            const score = (votes?.get(gateway) ?? 0) * 4 + (holds ? 2 : 0);
            if (!best || score > best.score || (score === best.score && gateway < best.gateway)) best = { gateway, score };
        }
    }
    return best?.gateway;
}

/** The fewest prefixes that cover exactly these subnets (ip-num's aggregation), without subnets inside others. */
function aggregate(subnets: readonly Prefix[]): Prefix[] {
    const outer = subnets.filter((subnet, index) => !subnets.some((other, at) => at !== index && other.length < subnet.length && prefixContains(other, subnet.address)));
    const ranges = outer.map((subnet) => IPv4CidrRange.fromCidr(formatPrefix(subnet)));
    return Pool.fromCidrRanges(ranges).aggregate().getRanges().map((range) => parsePrefix(range.toCidrRange().toCidrString()));
}

/** The longest prefix that covers every one of these subnets. */
function coveringPrefix(subnets: readonly Prefix[]): Prefix {
    let length = Math.min(...subnets.map((subnet) => subnet.length));
    const first = subnets[0].address;
    while (length > 0 && !subnets.every((subnet) => networkOf(subnet.address, length) === networkOf(first, length))) length--;
    return { address: networkOf(first, length), length };
}

/**
 * Whether the fix repairs the cause without breaking anything, by simulation on the network with
 * the fix applied: the failed pings (a sample) no longer fail for this cause, and the pings that
 * replied and crossed the node (a sample of the analysis's, and every `ping` statement) still do.
 */
function repairs(context: FixContext, node: NetworkNode, cause: Cause, effects: readonly RouteEffect[], fix: Fix): boolean {
    const after = withNodeChanged(context.network, applyToModel(node.model, fix));
    const key = causeKey(cause);
    const failed = new Map<string, RouteEffect>();
    for (const effect of effects) {
        const id = `${effect.sample.source}>${effect.destination}`;
        if (!failed.has(id)) failed.set(id, effect);
        if (failed.size >= FAILED_TO_CHECK) break;
    }
    for (const effect of failed.values()) {
        const found = causeOf(simulatePing(after, effect.sample.source, effect.destination));
        if (found && causeKey(renameCause(found.cause, effect.sample.source, effect.node.model.name)) === key) return false;
    }
    const name = node.model.name;
    const working = context.samples.filter((sample) => !sample.failed && sample.path.includes(name));
    const step = Math.max(1, Math.ceil(working.length / WORKING_TO_CHECK));
    for (let index = 0; index < working.length; index += step) {
        if (!simulatePing(after, working[index].source, working[index].destination).reply) return false;
    }
    return context.runs.every((run) => !run.result.reply || !run.result.path.includes(name) || simulatePing(after, run.ping.source, run.ping.target).reply);
}

/** The subnets a node lacks routes to (for messages), with the nodes on them. */
export function unreachableSubnets(network: Network, node: NetworkNode): { subnets: Prefix[]; nodes: Set<string> } {
    const subnets = missingSubnets(network, node).map((subnet) => subnet.prefix).sort((a, b) => a.address - b.address || a.length - b.length);
    const nodes = new Set<string>();
    for (const other of network.topology.nodes) {
        if (other.interfaces.some((iface) => iface.addresses.some(({ address }) => address >>> 24 !== 127 && node.table.lookup(address).kind === 'none'))) nodes.add(other.name);
    }
    return { subnets, nodes };
}
