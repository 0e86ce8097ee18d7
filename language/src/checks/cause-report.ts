import { formatIpv4, formatPrefix, networkOf, type Ipv4, type Prefix } from '../address/ipv4.js';
import { describeDecision, describeDown, describeFailure, describeStop } from '../engine/explain.js';
import { DEFAULT_TTL } from '../engine/forwarding.js';
import type { Network, NetworkNode } from '../engine/network.js';
import { simulatePing } from '../engine/ping.js';
import { formatDestination, formatIpRoute } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { NodeModel, RouteSpec } from '../model/topology.js';
import { fixesForCause, routeStyleOf, unreachableSubnets, type FixContext } from './cause-fixes.js';
import { causeKey, causeOf, type Cause } from './causes.js';
import { MAX_POINTERS, type Finding, type Fix, type RelatedSubject } from './finding.js';
import type { PingRun } from './ping-checks.js';
import { pinged } from '../engine/name-ping.js';
import { ANALYSIS_STEPS, type RouteAnalysis, type RouteEffect } from './route-analysis.js';
import { forwardingGateways, type ForwardingGateway } from './topology-checks.js';
import { containerGateway, type ContainerGateway } from './container-gateway.js';
import { IssueCodes } from './issue-codes.js';

/** How many affected lines a cause's diagnostic lists as related information (the message gives the count). */
const MAX_RELATED = 8;

/** The failures that share one cause, and the lines they come from. */
interface CauseGroup {
    readonly cause: Cause;
    readonly effects: RouteEffect[];
    /** Routes whose gateway is the node that does not forward (a `forwarding-off` cause). */
    readonly gateways: ForwardingGateway[];
    /** `ping` statements that fail for this cause. */
    readonly pings: PingRun[];
}

/** A route line some cause breaks. */
interface AffectedRoute {
    readonly node: NetworkNode;
    readonly route: RouteEntry;
    readonly effects: RouteEffect[];
    readonly gateway?: ForwardingGateway;
}

/**
 * The route analysis's failures as findings, **one per cause**, placed where the fix goes (the
 * node that lacks a route or does not forward, its rp_filter setting, its reject route), with the
 * affected route and `ping` lines as related information and the fix that repairs them. While a
 * cause breaks only a few route lines, each of them also gets a warning saying what happens to
 * its packets; beyond that, the cause's one diagnostic stands for all of them.
 */
export function reportCauses(network: Network, analysis: RouteAnalysis, runs: readonly PingRun[]): Finding[] {
    const groups = groupByCause(network, analysis, runs);
    const context: FixContext = { network, working: analysis.working, runs, addresses: analysis.addresses, routeStyle: routeStyleOf(network) };
    const declared = declaredUnreachable(context);
    return [...[...groups.values()].flatMap((group) => report(context, analysis, group, declared)), ...samplingNote(analysis)];
}

/** Where the analysis kept to its budget, a note on the first route it sampled, saying how much was tried. */
function samplingNote(analysis: RouteAnalysis): Finding[] {
    const sampling = analysis.sampling;
    if (!sampling) return [];
    const count = (value: number) => value.toLocaleString('en-US');
    return [
        {
            severity: 'info',
            code: IssueCodes.AnalysisSampled,
            subject: sampling.first.route.spec!,
            message:
                `route analysis sampled: the paths here are long, so ${count(sampling.checks)} route check${sampling.checks === 1 ? '' : 's'} (this route's first) ` +
                `tried ${count(sampling.tried)} of the ${count(sampling.chosen)} destinations chosen for them, to keep within ${count(ANALYSIS_STEPS)} simulated packet hops; ` +
                'a route without a finding may still lose packets to the destinations not tried'
        }
    ];
}

/** The preferred fix of each cause the report found, by cause key (what a `ping` line's message follows, see ping-checks.ts). */
export function fixesByCause(findings: readonly Finding[]): ReadonlyMap<string, Fix> {
    return new Map(findings.flatMap((finding) => (finding.cause && finding.fix ? [[finding.cause, finding.fix] as const] : [])));
}

function groupByCause(network: Network, analysis: RouteAnalysis, runs: readonly PingRun[]): Map<string, CauseGroup> {
    const groups = new Map<string, CauseGroup>();
    const groupOf = (cause: Cause) => {
        const key = causeKey(cause);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { cause, effects: [], gateways: [], pings: [] }));
        return group;
    };
    for (const effect of analysis.effects) {
        if (!reportedElsewhere(effect)) groupOf(effect.cause).effects.push(effect);
    }
    for (const gateway of forwardingGateways(network)) {
        groupOf({ kind: 'forwarding-off', node: gateway.gateway.model.name, setting: gateway.setting }).gateways.push(gateway);
    }
    for (const run of runs) {
        // A name that did not resolve has no packet's cause (its diagnostic says which query was lost where).
        const found = pinged(run.result) && !run.result.reply ? causeOf(run.result, network) : undefined;
        if (!found) continue;
        // Found by `ping` lines alone: a container without a default route, a pinger without a route to the target that the
        // line expects to reply (the analysis follows routes, and they have none there), a filter's drop on a segment no route
        // line crosses, and an interface that is down (the analysis follows routes, and the down interface's went with it).
        const connect = run.result.failure?.stage === 'connect';
        const alone =
            found.cause.kind === 'filtered' ||
            found.cause.kind === 'link-down' ||
            strandedContainer(network, run) !== undefined ||
            (connect && run.ping.expectReply);
        const group = groups.get(causeKey(found.cause)) ?? (alone ? groupOf(found.cause) : undefined);
        group?.pings.push(run);
    }
    return groups;
}

/** A ping from a container that has no default route, refused at once (`connect: Network is unreachable`). */
function strandedContainer(network: Network, run: PingRun): ContainerGateway | undefined {
    const node = network.nodes.get(run.ping.source);
    if (!node || !pinged(run.result) || run.result.failure?.stage !== 'connect' || run.result.failure.reason === 'bind' || node.table.has(0, 0, 0))
        return undefined;
    return containerGateway(network, node);
}

/** A route's own gateway that nobody answers ARP for has its own warning on the route (topology checks). */
function reportedElsewhere(effect: RouteEffect): boolean {
    const cause = effect.cause;
    return cause.kind === 'arp-failed' && cause.node === effect.node.model.name && cause.nextHop === effect.route.gateway;
}

function report(context: FixContext, analysis: RouteAnalysis, group: CauseGroup, declared: ReadonlyMap<Ipv4, readonly PingRun[]>): Finding[] {
    const network = context.network;
    const node = network.nodes.get(group.cause.node)!;
    const routes = affectedRoutes(group);
    const [fix, ...alternatives] = fixesForCause(context, group.cause, group.effects, group.pings);
    const subject = causeSubject(node.model, group);
    const related: RelatedSubject[] = [
        ...routes.slice(0, MAX_RELATED).map((affected) => ({
            subject: affected.route.spec!,
            message: `${affected.node.model.name}'s route ${affected.route.spec!.text}: its packets are lost`
        })),
        ...group.pings
            .slice(0, MAX_RELATED)
            .map((run) => ({ subject: run.ping, message: run.ping.expectReply ? 'this ping gets no reply' : 'this ping gets no reply, as it expects' }))
    ];
    const stranded = group.effects.length === 0 && group.pings.length ? strandedContainer(network, group.pings[0]) : undefined;
    const code = stranded
        ? IssueCodes.ContainerNoDefaultRoute
        : group.cause.kind === 'link-down'
          ? IssueCodes.InterfaceDown
          : group.effects.some((effect) => effect.stage === 'reply')
            ? IssueCodes.MissingReturnRoute
            : IssueCodes.UnreachableDestination;
    const describe = () => (stranded ? describeStranded(group, stranded) : describeCause(network, analysis, group, routes));
    // `ping ... fails` says a rule's drop (or a `down`) is meant (an isolation): a note on the rule, with no fix to undo it.
    if ((group.cause.kind === 'filtered' || group.cause.kind === 'link-down') && group.pings.length && group.pings.every((run) => !run.ping.expectReply)) {
        return [{ severity: 'info', code, cause: causeKey(group.cause), subject, message: `${describe()}, as ${expecting(group.pings)}`, related }];
    }
    // Every packet this cause loses goes to a destination that a `ping ... fails` line says is out of reach: acknowledged,
    // so a note (no warnings on the route lines), which still offers the fix for when the user wants it reached.
    const acknowledging = acknowledgingPings(analysis, group, declared);
    const cause: Finding = {
        severity: acknowledging.length ? 'info' : 'warning',
        code,
        cause: causeKey(group.cause),
        subject,
        message: acknowledging.length ? `${describe()}, as ${expecting(acknowledging)}` : describe(),
        related,
        fix,
        ...(alternatives.length && { alternatives })
    };
    if (acknowledging.length || routes.length > MAX_POINTERS) return [cause];
    const pointers = routes.filter((affected) => affected.route.spec !== subject).map((affected) => pointer(network, group, affected, subject, fix));
    return [cause, ...pointers];
}

/** `ping A -> B fails`, `ping C -> D fails` expect: the end of a note on what such pings acknowledge. */
function expecting(runs: readonly PingRun[]): string {
    const pings = runs.map((run) => `\`ping ${run.ping.source} -> ${run.ping.targetText} fails\``);
    return `${listed(pings, pings.length, 'pings')} expect${pings.length > 1 ? '' : 's'}`;
}

/**
 * The `ping ... fails` lines that acknowledge every loss of a cause: each lost packet (a route line's or a `ping`
 * line's) goes to a destination such a line pings. A node's destination is all of its addresses (the analysis may try
 * another address of the node the line names). A `ping` line's loss is its own target's; a route check's tried
 * destination stands for the addresses alike to it, which must all be acknowledged. None when a lost packet goes
 * elsewhere, or a broken gateway route loses them all.
 */
function acknowledgingPings(analysis: RouteAnalysis, group: CauseGroup, declared: ReadonlyMap<Ipv4, readonly PingRun[]>): PingRun[] {
    if (!declared.size || group.gateways.length || group.pings.some((run) => run.ping.expectReply)) return [];
    const acknowledging = new Set<PingRun>();
    const acknowledged = (address: Ipv4) => {
        const runs = declared.get(address);
        for (const run of runs ?? []) acknowledging.add(run);
        return runs !== undefined;
    };
    const pings = group.pings.every((run) => pinged(run.result) && acknowledged(run.result.target));
    const effects = group.effects.every((effect) => (analysis.alike.get(effect.destination) ?? [effect.destination]).every(acknowledged));
    return pings && effects ? [...acknowledging] : [];
}

/** Each address a `ping ... fails` line declares out of reach (its target, and every address of the target's node), with those lines. */
function declaredUnreachable(context: FixContext): Map<Ipv4, PingRun[]> {
    const declared = new Map<Ipv4, PingRun[]>();
    for (const run of context.runs) {
        if (run.ping.expectReply || !pinged(run.result)) continue;
        // A node's addresses are its local table's (what `owners` is built from); an address nobody holds stands alone.
        const owners = context.network.owners.get(run.result.target) ?? [];
        const addresses = new Set([run.result.target, ...owners.flatMap((owner) => [...owner.table.locals.keys()])]);
        for (const address of addresses) {
            const runs = declared.get(address);
            if (runs) runs.push(run);
            else declared.set(address, [run]);
        }
    }
    return declared;
}

function affectedRoutes(group: CauseGroup): AffectedRoute[] {
    const routes = new Map<RouteSpec, AffectedRoute>();
    const entry = (node: NetworkNode, route: RouteEntry) => {
        let affected = routes.get(route.spec!);
        if (!affected) routes.set(route.spec!, (affected = { node, route, effects: [] }));
        return affected;
    };
    for (const gateway of group.gateways) routes.set(gateway.route.spec!, { ...entry(gateway.node, gateway.route), gateway });
    for (const effect of group.effects) entry(effect.node, effect.route).effects.push(effect);
    return [...routes.values()];
}

/** Where the fix goes: the line that sets what is wrong, else the node. */
function causeSubject(node: NodeModel, group: CauseGroup): object {
    const cause = group.cause;
    const lastSet = (keys: readonly string[], value: number) =>
        [...node.sysctls].reverse().find((sysctl) => keys.includes(sysctl.key) && sysctl.value === value);
    switch (cause.kind) {
        case 'forwarding-off':
            return lastSet([cause.setting, ...(cause.setting === 'net.ipv4.ip_forward' ? ['net.ipv4.conf.all.forwarding'] : [])], 0) ?? node;
        case 'rp-filter':
            return lastSet(['net.ipv4.conf.all.rp_filter', `net.ipv4.conf.${cause.device}.rp_filter`], 1) ?? node;
        case 'reject-route':
            return cause.route.spec ?? node;
        case 'arp-failed':
            return cause.route?.spec ?? node;
        case 'filtered':
            return cause.decision.rule ?? [...node.policies].reverse().find((policy) => policy.chain === cause.decision.chain) ?? node;
        case 'link-down':
            return node.interfaces.find((iface) => iface.name === cause.device) ?? node;
        case 'masquerade-missed':
            return cause.rule;
        default:
            return node;
    }
}

/** The cause in one sentence: what is wrong where, how much it breaks. */
function describeCause(network: Network, analysis: RouteAnalysis, group: CauseGroup, routes: readonly AffectedRoute[]): string {
    const cause = group.cause;
    const name = cause.node;
    const requests = group.effects.filter((effect) => effect.stage === 'request');
    const replies = group.effects.filter((effect) => effect.stage === 'reply');
    const pingers = (effects: readonly RouteEffect[]) => describeNodes(effects.map((effect) => effect.node));
    const targets = (effects: readonly RouteEffect[]) =>
        describeTargets(
            network,
            analysis,
            effects.map((effect) => effect.destination)
        );
    // The destinations a node without a route loses requests for are the subnets the message has just named,
    // unless lost replies, with targets of their own, were named in between.
    const requested = cause.kind === 'no-route' && !replies.length ? 'them' : targets(requests);
    // Packets that go too far die wherever their TTL runs out; the replies a masquerade did not hide, where no route leads back.
    const where = (effects: readonly RouteEffect[]) =>
        cause.kind === 'too-far'
            ? describeNodes(effects.map((effect) => network.nodes.get(effect.cause.node)!))
            : cause.kind === 'masquerade-missed'
              ? cause.lostAt
              : name;
    const lost = [
        replies.length ? `pings from ${pingers(replies)} to ${targets(replies)} get no reply: the replies are lost at ${where(replies)}` : '',
        requests.length ? `pings from ${pingers(requests)} to ${requested} are lost at ${where(requests)}` : ''
    ]
        .filter(Boolean)
        .join('; ');
    switch (cause.kind) {
        case 'no-route': {
            const node = network.nodes.get(name)!;
            const { subnets, nodes } = unreachableSubnets(analysis.addresses, node);
            return `${name} has no route to ${describeSubnets(subnets, nodes)}${lost ? `: ${lost}` : ''}`;
        }
        case 'forwarding-off': {
            const gatewayOf = group.gateways.length ? `it is the gateway of ${describeRoutes(routes.filter((affected) => affected.gateway))}` : '';
            return `${name} does not forward packets (${cause.setting} is 0)${[gatewayOf, lost].some(Boolean) ? `: ${[gatewayOf, lost].filter(Boolean).join('; ')}` : ''}`;
        }
        case 'rp-filter':
            return `${name}'s reverse-path filter on ${cause.device} is strict (rp_filter 1) and its routes back leave by another interface${lost ? `: ${lost}` : ''}`;
        case 'reject-route':
            return `${name}'s route \`${formatIpRoute(cause.route).trim()}\` rejects the packets${lost ? `: ${lost}` : ''}`;
        case 'arp-failed':
            return `nobody answers ${name}'s ARP requests for ${formatIpv4(cause.nextHop)} on ${cause.device}${lost ? `: ${lost}` : ''}`;
        case 'link-down':
            return `${describeDown({ node: name, device: cause.device })}${lost ? `: ${lost}` : ''}`;
        case 'loop':
            return `routing loop between ${describeLoop(cause.nodes)}: the packets go round until their TTL runs out${lost ? `, and ${lost}` : ''}`;
        case 'too-far':
            return `paths longer than ${DEFAULT_TTL} hops: the packets' TTL runs out on the way, though they go round no loop${lost ? `; ${lost}` : ''}`;
        case 'filtered':
            return `${describeDecision(cause.decision)}${lost ? `: ${lost}` : ''}`;
        case 'masquerade-missed':
            return (
                `${name}'s \`${cause.rule.text}\` does not match the packets that leave by ${cause.device}: they go on untranslated, ` +
                `and ${cause.lostAt} has no route back to their sources${lost ? `: ${lost}` : ''}`
            );
        case 'other':
            return `${describeStop(cause.stop)}${lost ? `: ${lost}` : ''}`;
    }
}

/** A container without a default route: its pings out of its subnet are refused before they leave. */
function describeStranded(group: CauseGroup, stranded: ContainerGateway): string {
    const pings = group.pings.map((run) => `\`ping ${run.ping.source} -> ${run.ping.targetText}\``);
    return (
        `${group.cause.node}, a container on ${stranded.host}.${stranded.bridge}, has no default route: ${listed(pings, pings.length, 'pings')} ` +
        `cannot leave its subnet (connect: Network is unreachable)`
    );
}

/** The warning on one route line that a cause breaks (while there are few such lines). */
function pointer(network: Network, group: CauseGroup, affected: AffectedRoute, causeSubject: object, fix: Fix | undefined): Finding {
    const { node, route } = affected;
    const related: RelatedSubject[] = [{ subject: causeSubject, message: fix ? 'the cause, where the fix goes' : 'the cause' }];
    const spec = route.spec!;
    const cause = causeKey(group.cause);
    if (affected.gateway) {
        const gateway = affected.gateway.gateway.model.name;
        return {
            severity: 'warning',
            code: IssueCodes.GatewayNotForwarding,
            cause,
            subject: spec,
            related,
            fix,
            message:
                `${gateway} does not forward (${affected.gateway.setting} is 0): packets for ${formatDestination(route)} sent via ${formatIpv4(route.gateway!)} ` +
                `are dropped there, unless addressed to ${gateway} itself`
        };
    }
    // The check may have been done for an equivalent node: simulate this node's own ping for exact words.
    const first = affected.effects[0];
    const result = simulatePing(network, node.model.name, first.destination);
    // Set apart from the reason, which names one node and address: the others are more pings' targets, not more of that node's routes.
    const others = affected.effects.length - 1;
    const more = others > 0 ? `; the same for ${others} more destination${others > 1 ? 's' : ''}` : '';
    const target = describeAddresses(network, [first.destination]);
    if (first.stage === 'reply' && result.failure?.stage === 'reply') {
        return {
            severity: 'warning',
            code: IssueCodes.MissingReturnRoute,
            cause,
            subject: spec,
            related,
            fix,
            message: `missing return route: ${target} gets the packets, but its replies cannot come back to ${node.model.name}: ${describeStop(result.failure.stop)}${more}`
        };
    }
    const why = result.failure
        ? describeFailure(result.failure, result)
        : group.cause.kind === 'filtered'
          ? describeDecision(group.cause.decision)
          : describeStop(group.cause.kind === 'other' ? group.cause.stop : { kind: 'no-route', node: group.cause.node, destination: first.destination });
    return {
        severity: 'warning',
        code: IssueCodes.UnreachableDestination,
        cause,
        subject: spec,
        related,
        fix,
        message: `unreachable destination: packets ${route.length === 0 ? 'on this default route' : `for ${formatDestination(route)} on this route`} do not reach ${target}: ${why}${more}`
    };
}

/** A loop's nodes: all of them while they are few (a loop round a ring of thousands is not spelled out). */
function describeLoop(nodes: readonly string[]): string {
    return nodes.length <= 8 ? nodes.join(', ') : `${nodes.length.toLocaleString('en-US')} nodes (${nodes.slice(0, 2).join(', ')}, …)`;
}

/** Up to this many names are spelled out; beyond, a count and the first few. */
const NAMES_SHOWN = 3;

function listed(items: readonly string[], total: number, noun: string): string {
    if (total <= NAMES_SHOWN) return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items[0];
    return `${total.toLocaleString('en-US')} ${noun} (${items.slice(0, 2).join(', ')}, …)`;
}

function describeNodes(nodes: readonly NetworkNode[]): string {
    const names = [...new Set(nodes.map((node) => node.model.name))];
    if (names.length <= NAMES_SHOWN) return listed(names, names.length, 'nodes');
    const subnets = new Set(
        nodes.map((node) => {
            const address = node.model.interfaces.flatMap((iface) => iface.addresses)[0];
            return address ? formatPrefix({ address: networkOf(address.address, address.length), length: address.length }) : node.model.name;
        })
    );
    return `${names.length.toLocaleString('en-US')} nodes in ${listed([...subnets], subnets.size, 'subnets')}`;
}

/**
 * The destinations of failed pings, with those each stands for (addresses the network cannot tell
 * apart from it): a whole subnet where they are all its known addresses, else the addresses.
 */
function describeTargets(network: Network, analysis: RouteAnalysis, addresses: readonly Ipv4[]): string {
    const known = knownBySubnet(network);
    const bySubnet = new Map<string, Set<Ipv4>>();
    for (const address of addresses) {
        for (const alike of analysis.alike.get(address) ?? [address]) {
            const subnet = subnetOf(network, alike);
            if (!bySubnet.has(subnet)) bySubnet.set(subnet, new Set());
            bySubnet.get(subnet)!.add(alike);
        }
    }
    const whole = [...bySubnet].filter(([subnet, reached]) => reached.size > 1 && known.get(subnet)?.size === reached.size).map(([subnet]) => subnet);
    const single = [...bySubnet].filter(([subnet]) => !whole.includes(subnet)).flatMap(([, reached]) => [...reached]);
    if (whole.length === 0) return describeAddresses(network, single);
    const parts = [
        ...whole.map((subnet) => `${subnet} (${describeOwners(known.get(subnet)!, network)})`),
        ...(single.length ? [describeAddresses(network, single)] : [])
    ];
    return parts.length <= NAMES_SHOWN
        ? listed(parts, parts.length, '')
        : `${whole.length.toLocaleString('en-US')} subnets and ${single.length.toLocaleString('en-US')} more addresses (${parts.slice(0, 2).join(', ')}, …)`;
}

function describeOwners(addresses: ReadonlySet<Ipv4>, network: Network): string {
    const names = [...new Set([...addresses].map((address) => network.owners.get(address)![0].model.name))];
    return names.length <= NAMES_SHOWN ? names.join(', ') : `${names.length.toLocaleString('en-US')} nodes`;
}

const subnets = new WeakMap<Network, { bySubnet: Map<string, Set<Ipv4>>; ofAddress: Map<Ipv4, string> }>();

/** Every known address by the subnet its interface puts it in, and each address's subnet. */
function subnetIndex(network: Network) {
    let index = subnets.get(network);
    if (!index) {
        index = { bySubnet: new Map(), ofAddress: new Map() };
        for (const node of network.topology.nodes) {
            for (const iface of node.interfaces) {
                for (const { address, length } of iface.addresses) {
                    const subnet = formatPrefix({ address: networkOf(address, length), length });
                    if (index.ofAddress.has(address)) continue;
                    index.ofAddress.set(address, subnet);
                    if (!index.bySubnet.has(subnet)) index.bySubnet.set(subnet, new Set());
                    index.bySubnet.get(subnet)!.add(address);
                }
            }
        }
        subnets.set(network, index);
    }
    return index;
}

const knownBySubnet = (network: Network) => subnetIndex(network).bySubnet;
const subnetOf = (network: Network, address: Ipv4) => subnetIndex(network).ofAddress.get(address) ?? formatIpv4(address);

function describeAddresses(network: Network, addresses: readonly Ipv4[]): string {
    const distinct = [...new Set(addresses)];
    const named = (address: Ipv4) => {
        const owner = network.owners.get(address)?.[0];
        return `${formatIpv4(address)}${owner ? ` (${owner.model.name})` : ''}`;
    };
    if (distinct.length <= NAMES_SHOWN) return listed(distinct.map(named), distinct.length, 'addresses');
    return `${distinct.length.toLocaleString('en-US')} addresses (${distinct.slice(0, 2).map(named).join(', ')}, …)`;
}

function describeSubnets(subnets: readonly Prefix[], nodes: ReadonlySet<string>): string {
    const names = subnets.map(formatPrefix);
    const who = nodes.size <= NAMES_SHOWN ? [...nodes].join(', ') : `${nodes.size.toLocaleString('en-US')} nodes`;
    // While few, every subnet is named: an ellipsis after all of them reads as if some were missing.
    if (subnets.length <= NAMES_SHOWN) return `${listed(names, names.length, 'subnets')} (${who})`;
    return `${subnets.length.toLocaleString('en-US')} subnets with ${who} (${names.slice(0, 2).join(', ')}, …)`;
}

function describeRoutes(routes: readonly AffectedRoute[]): string {
    const texts = routes.map((affected) => `${affected.node.model.name}'s \`${affected.route.spec!.text}\``);
    return routes.length <= NAMES_SHOWN
        ? listed(texts, texts.length, 'routes')
        : `${routes.length.toLocaleString('en-US')} routes (${texts.slice(0, 2).join(', ')}, …)`;
}
