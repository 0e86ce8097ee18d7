import type { Ipv4 } from '../address/ipv4.js';
import { formatIpv4 } from '../address/ipv4.js';
import { ruleMatches, type FilterDecision } from '../engine/filter.js';
import type { Network } from '../engine/network.js';
import type { DownInterface, PacketKind, Stop } from '../engine/packet.js';
import type { PingFailure, PingResult } from '../engine/ping.js';
import { formatIpRoute } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { MasqueradeRule } from '../model/topology.js';

/**
 * Why pings fail, located at the node where a fix would go. Many failed pings share one cause (a
 * router without its default route breaks every ping through it); the checks report each cause once.
 */
export type Cause =
    /** The node has no route for packets it must send on (towards the destination, or back to the source). */
    | { readonly kind: 'no-route'; readonly node: string }
    /** The node's interface `device` is down (`down` on its line): a route or an ARP answer the packets need went with it. */
    | { readonly kind: 'link-down'; readonly node: string; readonly device: string }
    /** The node drops what it should forward: `setting` is the sysctl that is 0. */
    | { readonly kind: 'forwarding-off'; readonly node: string; readonly setting: string }
    /** A blackhole, unreachable or prohibit route of the node catches the packets. */
    | { readonly kind: 'reject-route'; readonly node: string; readonly route: RouteEntry }
    /** Strict reverse-path filtering on `device`: the node's route back leaves by another interface. */
    | { readonly kind: 'rp-filter'; readonly node: string; readonly device: string }
    /** Nobody answers the node's ARP requests for `nextHop` (a next hop on a `dev` route, or in the middle of the path). */
    | { readonly kind: 'arp-failed'; readonly node: string; readonly device: string; readonly nextHop: Ipv4; readonly route?: RouteEntry }
    /** The packets go round in a loop between these nodes (sorted) until their TTL runs out. */
    | { readonly kind: 'loop'; readonly node: string; readonly nodes: readonly string[] }
    /**
     * The packets' TTL runs out at `node` on a path that visits no node twice: the destination is
     * more hops away than the TTL lets a packet go. One cause wherever it happens (the size of the
     * network, not a setting of one node): one finding, with no fix.
     */
    | { readonly kind: 'too-far'; readonly node: string }
    /**
     * An iptables rule or policy of the node drops or rejects the packets (`decision`: the chain, the
     * rule or none for the policy, the packets' state and interfaces there). One cause per rule and
     * per way through it: the accept rule that fixes it matches those interfaces.
     */
    | { readonly kind: 'filtered'; readonly node: string; readonly decision: FilterDecision }
    /**
     * A masquerade `rule` of the node for the request's source whose `out` does not match `device`,
     * the interface the request left by: it went on untranslated, and the reply to its source was
     * lost at `lostAt` for want of a route back. One cause per rule and interface.
     */
    | { readonly kind: 'masquerade-missed'; readonly node: string; readonly rule: MasqueradeRule; readonly device: string; readonly lostAt: string }
    /** Anything else (martian sources, a packet taken by a duplicate address): `stop` says what. */
    | { readonly kind: 'other'; readonly node: string; readonly stop: Stop };

/** The stage of the ping at which the cause struck: the echo request, or the reply on its way back. */
export type CauseStage = 'request' | 'reply';

/** Two failures with the same key have the same cause, and one fix serves both. */
export function causeKey(cause: Cause): string {
    switch (cause.kind) {
        case 'no-route':
            return `no-route@${cause.node}`;
        case 'link-down':
            return `link-down@${cause.node}:${cause.device}`;
        case 'forwarding-off':
            return `forwarding-off@${cause.node}:${cause.setting}`;
        case 'reject-route':
            return `reject-route@${cause.node}:${formatIpRoute(cause.route)}`;
        case 'rp-filter':
            return `rp-filter@${cause.node}:${cause.device}`;
        case 'arp-failed':
            return `arp-failed@${cause.node}:${cause.device}:${formatIpv4(cause.nextHop)}`;
        case 'loop':
            return `loop@${cause.nodes.join(',')}`;
        case 'too-far':
            return 'too-far';
        case 'filtered': {
            const { chain, rule, state } = cause.decision;
            return `filtered@${cause.node}:${chain}:${rule?.text ?? 'policy'}:${cause.decision.in ?? ''}>${cause.decision.out ?? ''}:${acceptedState(state) ?? 'any'}`;
        }
        case 'masquerade-missed':
            return `masquerade-missed@${cause.node}:${cause.rule.text}:${cause.device}`;
        case 'other':
            return `other@${cause.node}:${cause.stop.kind}`;
    }
}

/**
 * The cause of a failed ping on `network`, and the stage it struck, or undefined when the failure
 * is no problem of the network's (an echo request to a broadcast, a node that ignores pings) or
 * there is no failure. An ICMP error that cannot come back is blamed on what caused the error; a
 * reply with no route back, on a masquerade on the way out that should have hidden its address.
 */
export function causeOf(result: PingResult, network: Network): { cause: Cause; stage: CauseStage } | undefined {
    const failure: PingFailure | undefined = result.failure;
    // `connect: Network is unreachable`: the pinger itself has no route; its other refusals are its own choice (a reject route, a broadcast).
    if (failure?.stage === 'connect') {
        if (failure.reason !== 'no-route') return undefined;
        return { cause: failure.down ? linkDown(failure.down) : { kind: 'no-route', node: result.source }, stage: 'request' };
    }
    if (!failure) return undefined;
    const stop = failure.stop;
    if (stop.kind === 'echo-ignored' || stop.kind === 'broadcast-ignored' || stop.kind === 'multicast-ignored') return undefined;
    const stage: CauseStage = failure.stage === 'reply' ? 'reply' : 'request';
    const cause = causeOfStop(stop, result, stage);
    const missed = stage === 'reply' && cause.kind === 'no-route' ? missedMasquerade(network, result, cause.node) : undefined;
    return { cause: missed ?? cause, stage };
}

/**
 * The first node on the request's way that forwarded it, untranslated, by an interface that only
 * the `out` of one of its masquerades for the request kept from matching (`out eth1` where the
 * route leaves by eth0, `out docker0` for the bridge itself): that rule, as the reply's cause.
 */
function missedMasquerade(network: Network, result: PingResult, lostAt: string): Cause | undefined {
    for (const step of result.trace) {
        if (step.packet !== 'echo-request') continue;
        if (step.translations?.some((translation) => translation.kind === 'masquerade')) return undefined;
        if (step.action !== 'forward' || step.outDevice === undefined || step.bridge !== undefined) continue;
        // Into another bridge of the host, the container there needs its own route back (its default via the bridge), not the masquerade.
        if (network.nodes.get(step.node)?.interfaces.get(step.outDevice)?.bridge) continue;
        const context = { src: step.src, dst: step.dst, out: step.outDevice, state: 'new' as const };
        const rule = network.nodes.get(step.node)?.model.nat.find((entry) => entry.out && ruleMatches({ ...entry, out: undefined }, context));
        if (rule) return { kind: 'masquerade-missed', node: step.node, rule, device: step.outDevice, lostAt };
    }
    return undefined;
}

/** The same cause seen from a node equivalent to `from` (a reused check): what was `from`'s is `to`'s. */
export function renameCause(cause: Cause, from: string, to: string): Cause {
    if (cause.kind === 'loop') {
        if (!cause.nodes.includes(from)) return cause;
        const nodes = cause.nodes.map((name) => (name === from ? to : name)).sort();
        return { ...cause, node: nodes[0], nodes };
    }
    return cause.node === from ? { ...cause, node: to } : cause;
}

const linkDown = (down: DownInterface): Cause => ({ kind: 'link-down', node: down.node, device: down.device });

function causeOfStop(stop: Stop, result: PingResult, stage: CauseStage): Cause {
    const node = stop.node;
    if ((stop.kind === 'no-route' || stop.kind === 'arp-failed') && stop.down) return linkDown(stop.down);
    switch (stop.kind) {
        case 'no-route':
            return { kind: 'no-route', node };
        case 'ip-forward-off':
            return { kind: 'forwarding-off', node, setting: stop.setting };
        case 'reject-route':
            return { kind: 'reject-route', node, route: stop.route };
        // Without any route back, loose filtering drops too: what is missing is the route.
        case 'rp-filter':
            return stop.backRoute && stop.backRoute.type === 'unicast' ? { kind: 'rp-filter', node, device: stop.device } : { kind: 'no-route', node };
        case 'arp-failed': {
            const sent = [...result.trace].reverse().find((step) => step.node === node && step.nextHop === stop.nextHop);
            return { kind: 'arp-failed', node, device: stop.device, nextHop: stop.nextHop, route: sent?.route };
        }
        case 'ttl-exceeded': {
            const nodes = loopNodes(result, stage === 'reply' ? 'echo-reply' : 'echo-request');
            return nodes.length ? { kind: 'loop', node: nodes[0], nodes } : { kind: 'too-far', node };
        }
        case 'filtered':
            return { kind: 'filtered', node, decision: stop.decision };
        default:
            return { kind: 'other', node, stop };
    }
}

/**
 * The `state` an accept rule for packets in this conntrack state matches: replies and errors as
 * `established,related` (as Docker accepts them), a new connection by its interfaces alone, and
 * packets conntrack cannot place (`invalid`: no `state` option matches them) by interfaces too.
 */
export function acceptedState(state: FilterDecision['state']): 'established,related' | undefined {
    return state === 'established' || state === 'related' ? 'established,related' : undefined;
}

/** The nodes a looping packet kept passing through: those it visited more than once (none: it was not looping). */
function loopNodes(result: PingResult, packet: PacketKind): string[] {
    const seen = new Map<string, number>();
    for (const step of result.trace) if (step.packet === packet) seen.set(step.node, (seen.get(step.node) ?? 0) + 1);
    return [...seen]
        .filter(([, count]) => count > 1)
        .map(([name]) => name)
        .sort();
}
