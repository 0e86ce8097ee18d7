import type { Ipv4, PingFrom } from '../model/topology.js';
import { DEFAULT_TTL, Forwarding, sourceAddress, type Journey, type PendingError } from './forwarding.js';
import { formatIpv4 } from '../address/ipv4.js';
import type { FilterDecision } from './filter.js';
import { downInterface, type Network, type NetworkNode } from './network.js';
import type { DownInterface, Packet, Stop, TraceStep } from './packet.js';
import type { RouteEntry } from './route-table.js';

/** Why a ping got no reply. */
export type PingFailure =
    /** `connect()` failed on the pinger: no route, a reject route, or a broadcast target. */
    | {
          readonly stage: 'connect';
          readonly reason: 'no-route' | 'broadcast' | 'reject-route' | 'no-source';
          readonly route?: RouteEntry;
          /** For `no-route`: the pinger's down interface whose connected route would have carried it. */
          readonly down?: DownInterface;
      }
    /** `ping -I` named an address or a device the pinger does not have: ping exits before it connects. */
    | { readonly stage: 'connect'; readonly reason: 'bind'; readonly from: PingFrom }
    /** The echo request went no further; `error` is the ICMP error it caused, if any. */
    | { readonly stage: 'request'; readonly stop: Stop; readonly error?: PendingError }
    /** The request arrived but the echo reply was lost on its way back (a missing return route). */
    | { readonly stage: 'reply'; readonly stop: Stop; readonly replier: string }
    /** The echo request went no further (`cause`) and the ICMP error it caused was lost on its way back (`stop`). */
    | { readonly stage: 'error-return'; readonly cause: Stop; readonly stop: Stop; readonly error: PendingError };

/** What `ping -c 1 TARGET` on `source` does, with the journey that explains it. */
export interface PingResult {
    readonly source: string;
    readonly target: Ipv4;
    readonly reply: boolean;
    /** The lines `ping -c 1` prints for the packet (no header, statistics or `time=`). */
    readonly lines: readonly string[];
    /** The nodes the request, then the reply (or error), went through. */
    readonly path: readonly string[];
    readonly trace: readonly TraceStep[];
    readonly failure?: PingFailure;
    /** With `ping -I`: the option, and the source address the header prints (none when bind() failed). */
    readonly bound?: { readonly from: PingFrom; readonly address?: Ipv4 };
}

/** Ends a simulated ping with what it printed, whether it got a reply, and why not. */
type Finish = (lines: string[], reply: boolean, failure?: PingFailure) => PingResult;

/** What ping prints when its sendmsg() fails because the OUTPUT chain refused the packet. */
const SENDMSG_REFUSED = 'ping: sendmsg: Operation not permitted';
/** 0.0.0.0 names the host itself: the kernel sends to 127.0.0.1, and ping prints the reply from there. */
const LOOPBACK = 0x7f000001;
const BROADCAST_REFUSAL = 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules';
const CONNECT_ERRORS: Record<string, string> = {
    blackhole: 'ping: connect: Invalid argument',
    unreachable: 'ping: connect: No route to host',
    prohibit: BROADCAST_REFUSAL
};

/**
 * Simulates `ping -c 1 [-I FROM] TARGET` run on `source`, on a network just built (no ARP or
 * redirect state from earlier pings). Throws only for a source that is not a node of the network.
 */
export function simulatePing(network: Network, source: string, target: Ipv4, from?: PingFrom): PingResult {
    const pinger = network.nodes.get(source);
    if (!pinger) throw new Error(`unknown node '${source}'`);
    const forwarding = new Forwarding(network);
    let bound: PingResult['bound'] = from && { from };
    const finish: Finish = (lines, reply, failure) => ({
        source,
        target,
        reply,
        lines,
        failure,
        trace: forwarding.steps,
        path: pathOf(forwarding.steps),
        ...(bound && { bound })
    });
    // Measured: ping exits (status 2) before its header when bind() or SO_BINDTODEVICE fails.
    if (from?.device !== undefined && !pinger.interfaces.has(from.device)) {
        return finish([`ping: SO_BINDTODEVICE ${from.device}: No such device`], false, { stage: 'connect', reason: 'bind', from });
    }
    if (from?.address !== undefined && !pinger.table.locals.has(from.address)) {
        return finish(['ping: bind: Cannot assign requested address'], false, { stage: 'connect', reason: 'bind', from });
    }
    // Measured (kernel-cases/links-down.net): bound to a down device, connect() finds no route, even to the device's own address.
    if (from?.device !== undefined && pinger.interfaces.get(from.device)?.down) {
        const down = { node: source, device: from.device };
        return finish(['ping: connect: Network is unreachable'], false, { stage: 'connect', reason: 'no-route', down });
    }
    const lookup = from?.device === undefined ? pinger.table.outputLookup(target) : pinger.table.boundLookup(target, from.device);
    if (lookup.kind === 'broadcast') return finish([BROADCAST_REFUSAL], false, { stage: 'connect', reason: 'broadcast' });
    if (lookup.kind === 'none') {
        const down = downInterface(network, pinger, target);
        return finish(['ping: connect: Network is unreachable'], false, { stage: 'connect', reason: 'no-route', ...(down && { down }) });
    }
    if (lookup.kind === 'local') {
        if (pinger.settings.icmpEchoIgnoreAll) {
            return finish([], false, { stage: 'request', stop: { kind: 'echo-ignored', node: source } });
        }
        // Over lo, through the pinger's own filter chains; a drop, of the request or the reply, is silence.
        const self = target === 0 ? LOOPBACK : target;
        if (from) bound = { from, address: from.address ?? self };
        const request: Packet = { kind: 'echo-request', src: self, dst: self, ttl: DEFAULT_TTL };
        const refused = forwarding.loopback(pinger, request);
        if (refused) return refusedByPinger(forwarding, pinger, request, refused.decision, finish);
        const lost = forwarding.loopback(pinger, { kind: 'echo-reply', src: self, dst: self, ttl: DEFAULT_TTL });
        if (lost) return finish([], false, { stage: 'reply', stop: { kind: 'filtered', node: source, decision: lost.decision }, replier: source });
        return finish([replyLine(self, DEFAULT_TTL)], true);
    }
    const route = lookup.route;
    if (route.type !== 'unicast') return finish([CONNECT_ERRORS[route.type]], false, { stage: 'connect', reason: 'reject-route', route });
    // `-I ADDR` sets the source only: the route is the one the destination alone picks (measured).
    const src = from?.address ?? sourceAddress(pinger, route);
    if (src === undefined) return finish(['ping: connect: Network is unreachable'], false, { stage: 'connect', reason: 'no-source' });
    if (from) bound = { from, address: src };
    // Measured: nobody answers an echo request to a multicast group and no ICMP error is sent about one, even by a REJECT.
    if (lookup.kind === 'multicast') return finish([], false, { stage: 'request', stop: { kind: 'multicast-ignored', node: source } });

    const echo: Packet = { kind: 'echo-request', src, dst: target, ttl: DEFAULT_TTL };
    const request = forwarding.send(pinger, echo, route);
    const redirects = forwarding.redirects.slice();
    const redirectLines = redirects.flatMap((redirect) => {
        const about = { src: redirect.packet.src, dst: redirect.packet.dst };
        const journey = forwarding.originate(redirect.node, { kind: 'redirect', dst: redirect.packet.src, ttl: DEFAULT_TTL, inner: about });
        return journey.kind === 'delivered' && reachedPinger(journey, pinger)
            ? [`From ${formatIpv4(journey.packet.src)}: icmp_seq=1 Redirect Host(New nexthop: ${formatIpv4(redirect.gateway)})`]
            : [];
    });
    if (request.kind === 'delivered') return answer(forwarding, pinger, request, target, redirectLines, finish);

    const stop = request.stop;
    if (stop.kind === 'filtered' && stop.node === source && stop.decision.chain === 'output') {
        return refusedByPinger(forwarding, pinger, echo, stop.decision, finish);
    }
    const error = request.error;
    if (!error) return finish(redirectLines, false, { stage: 'request', stop });
    if (error.local) {
        // Measured: a socket bound to a device does not read the error its own node sends it over lo.
        const lines = from?.device === undefined ? [...redirectLines, errorLine(src, error)] : redirectLines;
        return finish(lines, false, { stage: 'request', stop, error });
    }
    const about = { src: error.about.src, dst: error.about.dst };
    const back = forwarding.originate(error.node, { kind: 'icmp-error', src: error.src, dst: about.src, ttl: DEFAULT_TTL, inner: about });
    if (back.kind !== 'delivered' || !reachedPinger(back, pinger)) {
        return finish(redirectLines, false, { stage: 'error-return', cause: stop, stop: lostAt(back), error });
    }
    const line = errorLine(back.packet.src, error);
    // An error right behind the redirects is read first and ends the run; one sent after an ARP timeout comes last.
    return finish(error.delayed ? [...redirectLines, line] : [line], false, { stage: 'request', stop, error });
}

/**
 * The pinger's own OUTPUT chain, or (pinging itself) its INPUT chain, stopped the request. A drop
 * is silence. A REJECT's Destination Port Unreachable goes back to the request's source over lo,
 * through the chains again as `related`: if it gets through, ping reads it and, when OUTPUT
 * rejected, also reports that sendmsg() failed (measured: a REJECT whose error is dropped prints nothing).
 */
function refusedByPinger(forwarding: Forwarding, pinger: NetworkNode, request: Packet, decision: FilterDecision, finish: Finish): PingResult {
    const stop: Stop = { kind: 'filtered', node: pinger.model.name, decision };
    if (decision.verdict !== 'reject') return finish([], false, { stage: 'request', stop });
    const error: PendingError = { node: pinger, type: 'Destination Port Unreachable', delayed: false, local: true, about: request, src: request.src };
    const inner = { src: request.src, dst: request.dst };
    const notice = forwarding.loopback(pinger, { kind: 'icmp-error', src: request.src, dst: request.src, ttl: DEFAULT_TTL, inner });
    if (notice)
        return finish([], false, { stage: 'error-return', cause: stop, stop: { kind: 'filtered', node: pinger.model.name, decision: notice.decision }, error });
    const lines = [errorLine(request.src, error), ...(decision.chain === 'output' ? [SENDMSG_REFUSED] : [])];
    return finish(lines, false, { stage: 'request', stop, error });
}

/** The echo request arrived somewhere: the echo reply, if any, and whether it gets back. */
function answer(
    forwarding: Forwarding,
    pinger: NetworkNode,
    request: Extract<Journey, { kind: 'delivered' }>,
    target: Ipv4,
    redirectLines: string[],
    finish: Finish
): PingResult {
    const replier = request.node;
    const name = replier.model.name;
    // The kernel's icmp_rcv refuses a broadcast echo before icmp_echo looks at icmp_echo_ignore_all.
    if (request.broadcast && replier.settings.icmpEchoIgnoreBroadcasts) {
        return finish(redirectLines, false, { stage: 'request', stop: { kind: 'broadcast-ignored', node: name } });
    }
    if (replier.settings.icmpEchoIgnoreAll) return finish(redirectLines, false, { stage: 'request', stop: { kind: 'echo-ignored', node: name } });
    // The reply goes back to the request's source as the replier saw it (a masquerading node's address, if any),
    // from the address it was sent to; an answer to a broadcast is from the route back's source (fib_compute_spec_dst).
    const src = request.broadcast ? undefined : request.packet.dst;
    const reply = forwarding.originate(replier, { kind: 'echo-reply', src, dst: request.packet.src, ttl: DEFAULT_TTL });
    if (reply.kind !== 'delivered' || !reachedPinger(reply, pinger)) {
        return finish(redirectLines, false, { stage: 'reply', stop: lostAt(reply), replier: name });
    }
    return finish([...redirectLines, replyLine(target, reply.packet.ttl, request.broadcast ? reply.packet.src : target)], true);
}

/** The packet reached the pinger itself (a reply, error or redirect the pinger's socket reads). */
export function reachedPinger(journey: Journey, pinger: NetworkNode): boolean {
    return journey.kind === 'delivered' && journey.node === pinger && !journey.broadcast;
}

/** Why a packet meant for the pinger did not get there. */
export function lostAt(journey: Journey): Stop {
    return journey.kind === 'stopped' ? journey.stop : { kind: 'not-for-pinger', node: journey.node.model.name };
}

/** iputils' reply line; it flags a reply from another address than the one pinged. */
function replyLine(target: Ipv4, ttl: number, from = target): string {
    return `64 bytes from ${formatIpv4(from)}: icmp_seq=1 ttl=${ttl}${from === target ? '' : ' (DIFFERENT ADDRESS!)'}`;
}

function errorLine(from: Ipv4, error: PendingError): string {
    return `From ${formatIpv4(from)} icmp_seq=1 ${error.type}`;
}

/** The nodes the request and the reply (or error) went through, without immediate repeats; redirects are side trips. */
function pathOf(steps: readonly TraceStep[]): string[] {
    const path: string[] = [];
    for (const step of steps) {
        if (step.packet === 'redirect') continue;
        if (path[path.length - 1] !== step.node) path.push(step.node);
    }
    return path;
}
