import { IPv4CidrRange, Pool } from 'ip-num';
import { formatIpv4, formatPrefix, networkOf, parseCidr, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { selectAddress, usesGateway } from '../engine/forwarding.js';
import { withNodeChanged, type Network, type NetworkNode } from '../engine/network.js';
import { pinged, simulatePingTo } from '../engine/name-ping.js';
import { simulatePing } from '../engine/ping.js';
import { routeRefusal } from '../engine/route-table.js';
import type { FilterDecision } from '../engine/filter.js';
import { containerGateway } from './container-gateway.js';
import { bringUpFix } from './down-interfaces.js';
import { masqueradeFixes } from './container-masquerade.js';
import type { ConnState, FilterRule, InterfaceModel, MasqueradeRule, NodeModel, RouteSpec } from '../model/topology.js';
import { acceptedState, causeKey, causeOf, renameCause, type Cause } from './causes.js';
import type { Fix, FixChange } from './finding.js';
import type { KnownAddresses, UnreachableSubnet } from './known-addresses.js';
import type { PingRun } from './ping-checks.js';
import type { RouteEffect } from './route-analysis.js';
import type { WorkingPings } from './working-pings.js';

/** What a fix is inferred from and checked against. */
export interface FixContext {
    readonly network: Network;
    /** The pings route analysis simulated that got a reply, by the nodes they went through (a sample). */
    readonly working: WorkingPings;
    /** The file's `ping` statements, simulated. */
    readonly runs: readonly PingRun[];
    readonly addresses: KnownAddresses;
    /** How the file's routers route (see {@link routeStyleOf}): the style a route fix for a router follows. */
    readonly routeStyle: RouteStyle;
}

/**
 * `specific` when the file's routers (nodes that forward) carry route lines and none of them is a
 * default route: such a file routes LAN by LAN, so a router's fix adds the LANs' routes, not a
 * default route or an aggregate its author would not write. `any` otherwise (hosts always may
 * take a default route: that is how hosts are set up).
 */
export type RouteStyle = 'specific' | 'any';

export function routeStyleOf(network: Network): RouteStyle {
    let routes = 0;
    for (const node of network.nodes.values()) {
        if (!node.settings.ipForward) continue;
        for (const route of node.model.routes) {
            if (route.destination.length === 0) return 'any';
            routes++;
        }
    }
    return routes > 0 ? 'specific' : 'any';
}

/** At most this many failed pings are simulated again to see that a fix repairs them (the working ones: see route-analysis.ts). */
const FAILED_TO_CHECK = 64;

/**
 * The smallest changes that make the pings broken by `cause` reply, each checked by simulating the
 * network with it applied: the pings it broke no longer fail for this cause, and no ping that
 * replied stops replying. The preferred one first; then, for a missing route back to a container,
 * the route as an alternative to the masquerade. Empty when no change can be found that passes.
 */
export function fixesForCause(context: FixContext, cause: Cause, effects: readonly RouteEffect[], pings: readonly PingRun[] = []): Fix[] {
    const node = context.network.nodes.get(cause.node);
    if (!node) return [];
    const passing = (candidates: Iterable<Fix>, broken = effects) => {
        for (const fix of candidates) if (repairs(context, node, cause, broken, pings, fix)) return [fix];
        return [];
    };
    // Either way out a masquerade can be rewritten to is worth offering: Docker's `!BRIDGE`, or the interface itself.
    if (cause.kind === 'masquerade-missed') return outFixes(node, cause.rule, cause.device).filter((fix) => repairs(context, node, cause, effects, pings, fix));
    if (cause.kind !== 'no-route') return passing(candidateFixes(context, node, cause, effects));
    // A Docker user masquerades on the host they run (the far side is seldom theirs to change): it repairs the
    // containers' pings out, not pings in to them (Docker publishes ports for those); the route back repairs both.
    const replies = effects.filter((effect) => effect.stage === 'reply' && effect.handoff);
    const masquerades = masqueradeFixes(
        context.network,
        cause.node,
        replies.map((effect) => effect.handoff!.source)
    );
    const outbound = replies.filter((effect) =>
        masquerades.some((fix) =>
            fix.changes.some((change) => change.kind === 'add-rule' && prefixContains(change.rule.source!.prefix, effect.handoff!.source))
        )
    );
    return [...(outbound.length ? passing(masquerades, outbound) : []), ...passing(candidateFixes(context, node, cause, effects))];
}

/** Fixes worth trying for a cause, the preferred one first (each made only if the ones before it fail). */
function candidateFixes(context: FixContext, node: NetworkNode, cause: Cause, effects: readonly RouteEffect[]): Iterable<Fix> {
    const name = node.model.name;
    switch (cause.kind) {
        case 'no-route':
            return [...containerDefault(context.network, node), ...routeFixes(context, node, effects)];
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
        case 'filtered':
            return [acceptFix(cause.decision)];
        case 'link-down': {
            const fix = bringUpFix(context.network, { node: name, device: cause.device });
            return fix ? [fix] : [];
        }
        case 'loop':
            return loopFixes(context.network, cause, effects);
        default:
            return [];
    }
}

/**
 * The `out` a masquerade needs to match the way its packets leave: `!BRIDGE` for a bridge's
 * subnet, as Docker writes it (any way out but back into the bridge), then the interface they
 * leave by.
 */
function outFixes(node: NetworkNode, rule: MasqueradeRule, device: string): Fix[] {
    const source = rule.source;
    const bridges = node.model.interfaces.filter(
        (iface) =>
            iface.bridge &&
            iface.name !== device &&
            source &&
            !source.negated &&
            iface.addresses.some((own) => prefixContains(source.prefix, own.address) || prefixContains(own, source.prefix.address))
    );
    return [...bridges.map((bridge) => ({ device: bridge.name, negated: true })), { device, negated: false }].map((out) => {
        const words = `out ${out.negated ? '!' : ''}${out.device}`;
        const text = rule.text.replace(/\bout\s+!?\s*\S+/, words);
        return {
            title: `Change ${node.model.name}'s \`${rule.text}\` to \`${text}\` (its packets leave by ${device})`,
            changes: [{ kind: 'set-rule-out', subject: rule, out, text }]
        };
    });
}

/**
 * An accept rule for exactly the packets the decision dropped, the way Docker opens FORWARD: by
 * their interfaces in the chain, replies and errors by `state established,related` (the way out
 * only), placed before the dropping rule (a policy is reached only after every rule of its chain).
 */
function acceptFix(decision: FilterDecision): Fix {
    const state = acceptedState(decision.state);
    const words = [
        'filter',
        decision.chain,
        'accept',
        ...(decision.in !== undefined && !(state && decision.out !== undefined) ? ['in', decision.in] : []),
        ...(decision.out !== undefined ? ['out', decision.out] : []),
        ...(state ? ['state', state] : [])
    ];
    const rule: FilterRule = {
        node: decision.node,
        chain: decision.chain,
        verdict: 'accept',
        ...(words.includes('in') && { in: { device: decision.in!, negated: false } }),
        ...(decision.out !== undefined && { out: { device: decision.out, negated: false } }),
        ...(state && { states: state.split(',') as ConnState[] }),
        text: words.join(' ')
    };
    const by = decision.rule ? `before its rule \`${decision.rule.text}\`` : `(its ${decision.chain.toUpperCase()} policy drops)`;
    return { title: `Add \`${rule.text}\` to ${decision.node} ${by}`, changes: [{ kind: 'add-rule', node: decision.node, rule, before: decision.rule }] };
}

/** A container without a default route: the one Docker gives it, via its bridge's address. */
function containerDefault(network: Network, node: NetworkNode): Fix[] {
    const way = node.table.has(0, 0, 0) ? undefined : containerGateway(network, node);
    if (!way) return [];
    const route = gatewayRoute({ address: 0, length: 0 }, way.gateway);
    return [
        {
            title: `Add \`route ${route.text}\` to ${node.model.name} (its bridge ${way.host}.${way.bridge})`,
            changes: [{ kind: 'add-route', node: node.model.name, route }]
        }
    ];
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
            return change.node === node.name ? { ...node, routes: [...node.routes, change.route] } : node;
        case 'set-sysctl': {
            if (change.node !== node.name) return node;
            const keys = [change.key, ...(change.aliases ?? [])];
            const index = node.sysctls.map((sysctl) => keys.includes(sysctl.key)).lastIndexOf(true);
            const sysctls =
                index < 0
                    ? [...node.sysctls, { key: change.key, value: change.value }]
                    : node.sysctls.map((sysctl, at) => (at === index ? { key: sysctl.key, value: change.value } : sysctl));
            return { ...node, sysctls };
        }
        case 'remove':
            return {
                ...node,
                routes: node.routes.filter((route) => route !== change.subject),
                sysctls: node.sysctls.filter((sysctl) => sysctl !== change.subject)
            };
        case 'add-rule': {
            if (change.node !== node.name) return node;
            const rule = change.rule;
            if (!('chain' in rule)) return { ...node, nat: [...node.nat, rule] };
            const at = change.before ? node.filters.indexOf(change.before) : -1;
            return { ...node, filters: at < 0 ? [...node.filters, rule] : [...node.filters.slice(0, at), rule, ...node.filters.slice(at)] };
        }
        case 'set-destination': {
            const destination = parseCidr(change.destination);
            if ('error' in destination) return node;
            const text = `${change.destination}${change.subject.text.slice(change.subject.text.indexOf(' '))}`;
            return { ...node, routes: node.routes.map((route) => (route === change.subject ? { ...route, destination, text } : route)) };
        }
        case 'bring-up': {
            const up = (iface: InterfaceModel): InterfaceModel => {
                const { down: _down, ...rest } = iface;
                return rest;
            };
            return { ...node, interfaces: node.interfaces.map((iface) => (iface === change.subject ? up(iface) : iface)) };
        }
        case 'set-rule-out': {
            const { subject, out, text } = change;
            return subject.node === node.name ? { ...node, nat: node.nat.map((rule) => (rule === subject ? { ...rule, out, text } : rule)) } : node;
        }
        case 'set-prefix-length': {
            const { subject, index, length } = change;
            if (subject.node !== node.name) return node;
            const changed = (iface: InterfaceModel) => ({
                ...iface,
                addresses: iface.addresses.map((entry, at) => (at === index ? { ...entry, length } : entry))
            });
            return { ...node, interfaces: node.interfaces.map((iface) => (iface === subject ? changed(iface) : iface)) };
        }
    }
}

/** A route via a gateway, as `ip route add` words (the `text` of a statement). */
function gatewayRoute(destination: Prefix, gateway: Ipv4): RouteSpec {
    const text = `${destination.length === 0 ? 'default' : formatPrefix(destination)} via ${formatIpv4(gateway)}`;
    return { destination, type: 'unicast', gateway, metric: 0, text };
}

/**
 * Route fixes for a node without a route: for every subnet of the topology it cannot reach, the
 * neighbour to send it to. One route where one serves comes first: a default route where the node
 * has none and one neighbour is everyone's choice for every subnet (as the other routers on the
 * segment route, or as the requests came in), a covering prefix per neighbour otherwise (only one
 * that takes in no other known subnet: not the node's own networks, not those it routes elsewhere);
 * then one route per block of subnets, in case the wider ones break something. A router of a file
 * whose routers route LAN by LAN ({@link RouteStyle}) gets the LANs' own routes, and nothing wider.
 */
function* routeFixes(context: FixContext, node: NetworkNode, effects: readonly RouteEffect[]): Generator<Fix> {
    const network = context.network;
    const missing = context.addresses.unroutedBy(node);
    const gateways = gatewayCandidates(node, neighboursOf(network, node));
    const segments = segmentMembers(network);
    const votes = gatewayVotes(network, node, gateways, effects, missing);
    const byGateway = new Map<Ipv4, UnreachableSubnet[]>();
    const favourites = new Set<Ipv4>();
    let voted = 0;
    for (const subnet of missing) {
        const tally = votes.get(subnetKey(subnet.prefix));
        const favourite = tally && [...tally].sort(([a, x], [b, y]) => y - x || a - b)[0][0];
        if (favourite !== undefined) {
            favourites.add(favourite);
            voted++;
        }
        const hops = hopsToSubnet(network, subnet, segments);
        const gateway = bestGateway(node, gateways, subnet, tally, hops) ?? nearestGateway(node, gateways, subnet, hops);
        if (gateway === undefined) continue;
        const list = byGateway.get(gateway);
        if (list) list.push(subnet);
        else byGateway.set(gateway, [subnet]);
    }
    const name = node.model.name;
    const fix = (routes: readonly RouteTo[]) => routesFix(name, routes);
    const accepted = (candidate: Fix) =>
        candidate.changes.every((change) => change.kind !== 'add-route' || routeRefusal(node.table, node.model, change.route) === undefined);
    const tried = new Set<string>();
    const fresh = (candidate: Fix) => !tried.has(candidate.title) && tried.add(candidate.title) && accepted(candidate);
    if (context.routeStyle === 'specific' && node.settings.ipForward) {
        const perLan = fix([...byGateway].flatMap(([gateway, subnets]) => subnets.map((subnet) => ({ destination: subnet.prefix, gateway }))));
        if (byGateway.size > 0 && fresh(perLan)) yield perLan;
        return;
    }
    const defaultRoute = { address: 0, length: 0 };
    const hasDefault = node.table.has(0, 0, 0);
    if (!hasDefault && missing.length > 1 && favourites.size === 1 && voted * 2 >= missing.length) {
        const everyone = fix([{ destination: defaultRoute, gateway: [...favourites][0] }]);
        if (fresh(everyone)) yield everyone;
    }
    if (byGateway.size === 0) return;
    const oneGateway = byGateway.size === 1 && !hasDefault;
    const wideRoutes = [...byGateway].map(([gateway, subnets]) => ({
        destination: oneGateway && subnets.length > 1 ? defaultRoute : coveringPrefix(subnets.map((subnet) => subnet.prefix)),
        gateway
    }));
    const wide = fix(wideRoutes);
    const takesOthers = wideRoutes.some(
        ({ destination }) =>
            destination.length > 0 &&
            coversOtherAddresses(
                context.addresses,
                destination,
                missing.map((subnet) => subnet.prefix)
            )
    );
    if (!takesOthers && fresh(wide)) yield wide;
    const specific = fix(
        [...byGateway].flatMap(([gateway, subnets]) => aggregate(subnets.map((subnet) => subnet.prefix)).map((destination) => ({ destination, gateway })))
    );
    if (fresh(specific)) yield specific;
}

/** A route to add: where to, through which neighbour. */
interface RouteTo {
    readonly destination: Prefix;
    readonly gateway: Ipv4;
}

function routesFix(name: string, routes: readonly RouteTo[]): Fix {
    const specs = routes.map(({ destination, gateway }) => gatewayRoute(destination, gateway));
    const lines = specs.map((spec) => `\`route ${spec.text}\``);
    const title = lines.length === 1 ? `Add ${lines[0]} to ${name}` : `Add ${lines.length} routes to ${name}: ${lines.join(', ')}`;
    return { title, changes: specs.map((route) => ({ kind: 'add-route', node: name, route })) };
}

/**
 * A loop that packets for known addresses go round (two fixes of one round, each right alone, can
 * make one: a route towards a router whose new default route comes back): on a node of the loop,
 * in turn, a route for each of their subnets to a neighbour off the loop that is nearer to it.
 */
function* loopFixes(network: Network, cause: Extract<Cause, { kind: 'loop' }>, effects: readonly RouteEffect[]): Generator<Fix> {
    const subnets = new Map<string, UnreachableSubnet>();
    for (const { destination } of effects) {
        const holder = network.owners.get(destination)?.[0];
        const held = holder?.model.interfaces.flatMap((iface) => iface.addresses).find((entry) => entry.address === destination);
        if (!holder || !held) continue;
        const prefix = { address: networkOf(destination, held.length), length: held.length };
        subnets.set(formatPrefix(prefix), { prefix, address: destination, owners: new Set([holder.model.name]) });
    }
    const segments = segmentMembers(network);
    for (const name of cause.nodes) {
        const node = network.nodes.get(name);
        if (!node) continue;
        const gateways = new Map(
            [...gatewayCandidates(node, neighboursOf(network, node))].filter(([, candidate]) => !cause.nodes.includes(candidate.neighbour.model.name))
        );
        const routes: RouteTo[] = [];
        for (const subnet of subnets.values()) {
            const gateway = bestGateway(node, gateways, subnet, undefined, hopsToSubnet(network, subnet, segments));
            // A node whose loop route is for this very prefix cannot get a second one (`File exists`): another node of the loop may.
            if (gateway !== undefined && routeRefusal(node.table, node.model, gatewayRoute(subnet.prefix, gateway)) === undefined)
                routes.push({ destination: subnet.prefix, gateway });
        }
        if (routes.length) yield routesFix(name, routes);
    }
}

/** A subnet as one number (network address and length), for maps keyed by subnet. */
const subnetKey = (prefix: Prefix) => prefix.address * 64 + prefix.length;

/** A neighbour's address the node could route through (`ip route add ... via` accepts it), with the neighbour. */
interface GatewayCandidate {
    readonly gateway: Ipv4;
    readonly neighbour: NetworkNode;
    readonly device: string;
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
 * The neighbours, by the address of theirs the node would name as its gateway. One that does not
 * forward stays a candidate: its own forwarding is a cause of its own, with its own fix.
 */
function gatewayCandidates(node: NetworkNode, neighbours: Neighbours): Map<Ipv4, GatewayCandidate> {
    const candidates = new Map<Ipv4, GatewayCandidate>();
    for (const [device, onSegment] of neighbours) {
        const sender = selectAddress(node, device, 0);
        if (sender === undefined) continue;
        for (const neighbour of onSegment) {
            const gateway = selectAddress(neighbour.node, neighbour.device, sender);
            if (gateway === undefined || candidates.has(gateway)) continue;
            if (!node.table.longestMatch(gateway, (entry) => entry.scope === 'link' && entry.device === device)) continue;
            candidates.set(gateway, { gateway, neighbour: neighbour.node, device: neighbour.device });
        }
    }
    return candidates;
}

/**
 * Which neighbour each subnet should go to, by vote: the neighbour that handed the node the
 * requests whose replies it could not send back (the way they came), and the gateways the other
 * nodes on the node's segments use for that subnet (what the rest of the network does).
 */
function gatewayVotes(
    network: Network,
    node: NetworkNode,
    gateways: ReadonlyMap<Ipv4, GatewayCandidate>,
    effects: readonly RouteEffect[],
    missing: readonly UnreachableSubnet[]
): Map<number, Map<Ipv4, number>> {
    const votes = new Map<number, Map<Ipv4, number>>();
    const vote = (subnet: Prefix, gateway: Ipv4, weight: number) => {
        if (!gateways.has(gateway)) return;
        const key = subnetKey(subnet);
        let tally = votes.get(key);
        if (!tally) votes.set(key, (tally = new Map()));
        tally.set(gateway, (tally.get(gateway) ?? 0) + weight);
    };
    for (const { handoff } of effects) {
        const subnet = handoff && missing.find((entry) => prefixContains(entry.prefix, handoff.source));
        if (subnet) vote(subnet.prefix, handoff.gateway, 1000);
    }
    const peers = new Set<NetworkNode>();
    for (const onSegment of neighboursOf(network, node).values()) for (const neighbour of onSegment) peers.add(neighbour.node);
    for (const peer of peers) {
        for (const subnet of missing) {
            const lookup = peer.table.lookup(subnet.address);
            if (lookup.kind === 'route' && lookup.route.type === 'unicast' && usesGateway(peer, lookup.route)) vote(subnet.prefix, lookup.route.gateway!, 1);
        }
    }
    return votes;
}

/**
 * The gateway for one missing subnet: a candidate with a way on for the subnet that does not come
 * back to the node; the most voted for, else one that holds the subnet itself, else the lowest address.
 */
function bestGateway(
    node: NetworkNode,
    gateways: ReadonlyMap<Ipv4, GatewayCandidate>,
    subnet: UnreachableSubnet,
    votes: ReadonlyMap<Ipv4, number> | undefined,
    hops: ReadonlyMap<NetworkNode, number>
): Ipv4 | undefined {
    const own = hops.get(node);
    let best: { gateway: Ipv4; score: number } | undefined;
    for (const candidate of gateways.values()) {
        const { gateway, neighbour } = candidate;
        // Where the topology shows a way to the subnet, a neighbour no nearer to it than the node is a detour (a plain host's default route, say).
        if (own !== undefined && !((hops.get(neighbour) ?? Infinity) < own)) continue;
        const onward = neighbour.table.lookup(subnet.address);
        const route = onward.kind === 'route' && onward.route.type === 'unicast' ? onward.route : undefined;
        const holds = onward.kind === 'local' || (route !== undefined && !usesGateway(neighbour, route));
        if (!holds && (!route || node.table.locals.has(route.gateway!))) continue;
        const score = (votes?.get(gateway) ?? 0) * 8 + (holds ? 4 : 0) + (neighbour.settings.forwards(candidate.device) ? 2 : 0);
        if (!best || score > best.score || (score === best.score && gateway < best.gateway)) best = { gateway, score };
    }
    return best?.gateway;
}

/** Every segment's nodes. */
function segmentMembers(network: Network): Map<string, NetworkNode[]> {
    const members = new Map<string, NetworkNode[]>();
    for (const node of network.nodes.values()) {
        for (const segment of new Set(node.segments.values())) {
            const list = members.get(segment);
            if (list) list.push(node);
            else members.set(segment, [node]);
        }
    }
    return members;
}

/**
 * How many hops each node is from the subnet's holders, across nodes that forward (a holder is
 * reached by its own subnet; past it, only forwarding nodes lead on).
 */
function hopsToSubnet(network: Network, subnet: UnreachableSubnet, segments: ReadonlyMap<string, readonly NetworkNode[]>): Map<NetworkNode, number> {
    const hops = new Map<NetworkNode, number>();
    // Each segment is walked once: a backbone of hundreds of routers is not scanned again from each of them.
    const walked = new Set<string>();
    let frontier = [...subnet.owners].flatMap((name) => network.nodes.get(name) ?? []);
    for (const holder of frontier) hops.set(holder, 0);
    for (let distance = 1; frontier.length; distance++) {
        const next: NetworkNode[] = [];
        for (const from of frontier) {
            if (hops.get(from)! > 0 && !from.model.interfaces.some((iface) => from.settings.forwards(iface.name))) continue;
            for (const segment of from.segments.values()) {
                if (walked.has(segment)) continue;
                walked.add(segment);
                for (const other of segments.get(segment) ?? []) {
                    if (hops.has(other)) continue;
                    hops.set(other, distance);
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    return hops;
}

/**
 * Where no neighbour has a way on for the subnet yet (routes back to container subnets are often
 * missing all along the way), the forwarding neighbour nearest to the subnet, and nearer than the
 * node itself, that has no route for it: its own missing route is a cause of its own, with its own
 * fix (`check --fix` fixes round by round).
 */
function nearestGateway(
    node: NetworkNode,
    gateways: ReadonlyMap<Ipv4, GatewayCandidate>,
    subnet: UnreachableSubnet,
    hops: ReadonlyMap<NetworkNode, number>
): Ipv4 | undefined {
    const own = hops.get(node) ?? Infinity;
    let best: { gateway: Ipv4; distance: number } | undefined;
    for (const { gateway, neighbour, device } of gateways.values()) {
        const distance = hops.get(neighbour);
        if (distance === undefined || distance >= own || !neighbour.settings.forwards(device)) continue;
        // A neighbour with a route for the subnet already (one that leads back here, say) is no way on.
        if (neighbour.table.lookup(subnet.address).kind === 'route') continue;
        if (!best || distance < best.distance || (distance === best.distance && gateway < best.gateway)) best = { gateway, distance };
    }
    return best?.gateway;
}

/** The fewest prefixes that cover exactly these subnets (ip-num's aggregation), without subnets inside others. */
function aggregate(subnets: readonly Prefix[]): Prefix[] {
    const outer = subnets.filter(
        (subnet, index) => !subnets.some((other, at) => at !== index && other.length < subnet.length && prefixContains(other, subnet.address))
    );
    const ranges = outer.map((subnet) => IPv4CidrRange.fromCidr(formatPrefix(subnet)));
    return Pool.fromCidrRanges(ranges)
        .aggregate()
        .getRanges()
        .map((range) => {
            const cidr = range.toCidrRange();
            return { address: Number(cidr.getFirst().getValue()), length: Number(cidr.cidrPrefix.getValue()) };
        });
}

/** Whether `wide` holds a known address outside every one of `subnets` (a node's own network, one routed elsewhere). */
function coversOtherAddresses(addresses: KnownAddresses, wide: Prefix, subnets: readonly Prefix[]): boolean {
    const last = wide.address + 2 ** (32 - wide.length) - 1;
    for (let index = addresses.indexAtOrAfter(wide.address); index < addresses.sorted.length && addresses.sorted[index] <= last; index++) {
        const address = addresses.sorted[index];
        if (!subnets.some((subnet) => prefixContains(subnet, address))) return true;
    }
    return false;
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
function repairs(context: FixContext, node: NetworkNode, cause: Cause, effects: readonly RouteEffect[], pings: readonly PingRun[], fix: Fix): boolean {
    const after = withFix(context.network, node.model.name, fix);
    const key = causeKey(cause);
    const failed = new Map<string, RouteEffect>();
    for (const effect of effects) {
        const id = `${effect.sample.source}>${effect.destination}`;
        if (!failed.has(id)) failed.set(id, effect);
        if (failed.size >= FAILED_TO_CHECK) break;
    }
    for (const effect of failed.values()) {
        const found = causeOf(simulatePing(after, effect.sample.source, effect.destination), after);
        // A fix that sends them round a loop instead (a default route towards a node whose default comes back) repairs nothing.
        if (found && (found.cause.kind === 'loop' || causeKey(renameCause(found.cause, effect.sample.source, effect.node.model.name)) === key)) return false;
    }
    // A route is for the known subnets: a ping to an address nobody holds beyond them (198.51.100.1, say) needs a default route it may not get.
    const repairable = (run: PingRun) => cause.kind !== 'no-route' || (run.result.target !== undefined && context.network.owners.has(run.result.target));
    for (const run of pings.filter(repairable).slice(0, FAILED_TO_CHECK)) {
        const result = simulatePingTo(after, run.ping.source, run.ping);
        const found = pinged(result) ? causeOf(result, after) : undefined;
        if (found && (found.cause.kind === 'loop' || causeKey(found.cause) === key)) return false;
    }
    const name = node.model.name;
    for (const working of context.working.through(name)) {
        if (!simulatePing(after, working.source, working.destination).reply) return false;
    }
    return context.runs.every((run) => !run.result.reply || !run.result.path.includes(name) || simulatePingTo(after, run.ping.source, run.ping).reply);
}

/** The network with `fix` applied to the cause's node, and to any other node a change names (a masquerade on a container's bridge host). */
export function withFix(network: Network, nodeName: string, fix: Fix): Network {
    const node = network.nodes.get(nodeName);
    let after = node ? withNodeChanged(network, applyToModel(node.model, fix)) : network;
    for (const name of new Set(fix.changes.flatMap((change) => ('node' in change ? [change.node] : [])))) {
        const other = name !== nodeName && after.nodes.get(name);
        if (other) after = withNodeChanged(after, applyToModel(other.model, fix));
    }
    return after;
}

/** The subnets a node lacks routes to (for messages), with the nodes on them. */
export function unreachableSubnets(addresses: KnownAddresses, node: NetworkNode): { subnets: Prefix[]; nodes: Set<string> } {
    const subnets = addresses.unroutedBy(node);
    const nodes = new Set<string>();
    for (const subnet of subnets) for (const owner of subnet.owners) nodes.add(owner);
    return { subnets: subnets.map((subnet) => subnet.prefix), nodes };
}
