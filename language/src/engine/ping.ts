import type { Ipv4, PingFrom } from '../model/topology.js';
import { DEFAULT_TTL, Forwarding, selectAddress, sourceAddress, usesGateway, type Journey, type PendingError } from './forwarding.js';
import { formatIpv4 } from '../address/ipv4.js';
import type { FilterDecision } from './filter.js';
import { downInterface, type Network, type NetworkNode, type NodePort } from './network.js';
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

/** `ping`'s options beyond the target. */
export interface PingOptions {
    /** `-I ADDR|IF`. */
    readonly from?: PingFrom;
    /** `-c N`: how many echo requests, a second apart (default 1, at most `MAX_PING_COUNT`). */
    readonly count?: number;
    /** `-b`: a broadcast target is allowed. */
    readonly broadcast?: boolean;
}

/** ping's statistics line: packets sent, echo replies received (first ones), later replies to the same packet, ICMP errors. */
export interface PingStatistics {
    readonly transmitted: number;
    readonly received: number;
    readonly duplicates: number;
    readonly errors: number;
}

/** What `ping -c N TARGET` on `source` does, with the journey that explains it. */
export interface PingResult {
    readonly source: string;
    readonly target: Ipv4;
    /** Whether an echo reply came back (ping's exit status 0). */
    readonly reply: boolean;
    /** The lines `ping -c N` prints about its packets (no header, statistics or `time=`). */
    readonly lines: readonly string[];
    /** The nodes the request, then the reply (or error), went through: of the first packet answered, else the first. */
    readonly path: readonly string[];
    readonly trace: readonly TraceStep[];
    /** Why no echo reply came back (the first packet's reason); undefined when one did. */
    readonly failure?: PingFailure;
    /** With `ping -I`: the option, and the source address the header prints (none when bind() failed). */
    readonly bound?: { readonly from: PingFrom; readonly address?: Ipv4 };
    /** `-c N` (1 unless given). */
    readonly count: number;
    /** `-b` was given. */
    readonly broadcast?: true;
    /** Nothing transmitted when ping exited before sending (connect errors). */
    readonly statistics: PingStatistics;
}

/** A line ping prints (with what it prints right after it), at the time (seconds from the first packet) its cause reaches the pinger. */
interface Printed {
    readonly at: number;
    readonly lines: readonly string[];
    /** An echo reply, an ICMP error or a later reply to the same packet: what ping's statistics count. */
    readonly kind: 'reply' | 'error' | 'duplicate' | 'notice';
}

/** One packet of a ping: what it made ping print, whether it was answered, and why not. */
interface PacketOutcome {
    readonly printed: readonly Printed[];
    readonly failure?: PingFailure;
}

/** What ping prints when its sendmsg() fails because the OUTPUT chain refused the packet. */
const SENDMSG_REFUSED = 'ping: sendmsg: Operation not permitted';
/** What `ping -b` prints (on stderr, before its header) for a broadcast address of the pinger's own subnets. */
export const BROADCAST_WARNING = 'WARNING: pinging broadcast address';
/** 0.0.0.0 names the host itself: the kernel sends to 127.0.0.1, and ping prints the reply from there. */
const LOOPBACK = 0x7f000001;
const BROADCAST_REFUSAL = 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules';
const CONNECT_ERRORS: Record<string, string> = {
    blackhole: 'ping: connect: Invalid argument',
    unreachable: 'ping: connect: No route to host',
    prohibit: BROADCAST_REFUSAL
};
const NOTHING_SENT: PingStatistics = { transmitted: 0, received: 0, duplicates: 0, errors: 0 };

/**
 * Simulates `ping -c N [-b] [-I FROM] TARGET` run on `source`, on a network just built: the packets
 * go a second apart, and what the kernels learn from one (neighbours, redirects obeyed, redirect
 * rate limits, failing ARP) holds for the next. Throws only for a source that is not a node of the network.
 */
export function simulatePing(network: Network, source: string, target: Ipv4, options: PingOptions = {}): PingResult {
    const { from } = options;
    const count = options.count ?? 1;
    const pinger = network.nodes.get(source);
    if (!pinger) throw new Error(`unknown node '${source}'`);
    const forwarding = new Forwarding(network);
    let bound: PingResult['bound'] = from && { from };
    const result = (lines: readonly string[], statistics: PingStatistics, outcome: PacketOutcome, trace: readonly TraceStep[]): PingResult => ({
        source,
        target,
        reply: statistics.received > 0,
        lines,
        failure: statistics.received > 0 ? undefined : outcome.failure,
        trace,
        path: pathOf(trace),
        ...(bound && { bound }),
        count,
        ...(options.broadcast && { broadcast: true as const }),
        statistics
    });
    /** ping exits before sending anything. */
    const refuse = (line: string, failure: PingFailure) => result([line], NOTHING_SENT, { printed: [], failure }, forwarding.steps);
    /** Sends the packets one by one, each with `send`, and puts together what ping prints. */
    const run = (send: (seq: number) => PacketOutcome): PingResult => {
        const packets: { outcome: PacketOutcome; trace: TraceStep[] }[] = [];
        for (let seq = 1; seq <= count; seq++) {
            forwarding.memory.now = seq - 1;
            const start = forwarding.steps.length;
            const outcome = send(seq);
            packets.push({ outcome, trace: forwarding.steps.slice(start) });
        }
        const { lines, statistics } = printedLines(
            packets.map((packet) => packet.outcome),
            count
        );
        const shown = packets.find((packet) => packet.outcome.printed.some((printed) => printed.kind === 'reply')) ?? packets[0];
        return result(lines, statistics, shown.outcome, shown.trace);
    };

    // Measured: ping exits (status 2) before its header when bind() or SO_BINDTODEVICE fails.
    if (from?.device !== undefined && !pinger.interfaces.has(from.device)) {
        return refuse(`ping: SO_BINDTODEVICE ${from.device}: No such device`, { stage: 'connect', reason: 'bind', from });
    }
    if (from?.address !== undefined && !pinger.table.locals.has(from.address)) {
        return refuse('ping: bind: Cannot assign requested address', { stage: 'connect', reason: 'bind', from });
    }
    // Measured (kernel-cases/links-down.net): bound to a down device, connect() finds no route, even to the device's own address.
    if (from?.device !== undefined && pinger.interfaces.get(from.device)?.down) {
        const down = { node: source, device: from.device };
        return refuse('ping: connect: Network is unreachable', { stage: 'connect', reason: 'no-route', down });
    }
    const lookup = from?.device === undefined ? pinger.table.outputLookup(target) : pinger.table.boundLookup(target, from.device);
    if (lookup.kind === 'broadcast') {
        if (!options.broadcast) return refuse(BROADCAST_REFUSAL, { stage: 'connect', reason: 'broadcast' });
        const src = from?.address ?? selectAddress(pinger, lookup.device, target);
        if (src === undefined) return refuse('ping: connect: Network is unreachable', { stage: 'connect', reason: 'no-source' });
        if (from) bound = { from, address: src };
        const receivers = broadcastReceivers(network, pinger, lookup.device, target);
        const warned = run((seq) => broadcastPacket(forwarding, pinger, src, target, lookup.device, receivers, seq));
        return { ...warned, lines: [BROADCAST_WARNING, ...warned.lines] };
    }
    if (lookup.kind === 'none') {
        const down = downInterface(network, pinger, target);
        return refuse('ping: connect: Network is unreachable', { stage: 'connect', reason: 'no-route', ...(down && { down }) });
    }
    if (lookup.kind === 'local') {
        const self = target === 0 ? LOOPBACK : target;
        if (from) bound = { from, address: from.address ?? self };
        return run((seq) => selfPacket(forwarding, pinger, self, seq));
    }
    const route = lookup.route;
    if (route.type !== 'unicast') return refuse(CONNECT_ERRORS[route.type], { stage: 'connect', reason: 'reject-route', route });
    // `-I ADDR` sets the source only: the route is the one the destination alone picks (measured).
    const src = from?.address ?? sourceAddress(pinger, route);
    if (src === undefined) return refuse('ping: connect: Network is unreachable', { stage: 'connect', reason: 'no-source' });
    if (from) bound = { from, address: src };
    // Measured: nobody answers an echo request to a multicast group and no ICMP error is sent about one, even by a REJECT.
    if (lookup.kind === 'multicast') return run(() => ({ printed: [], failure: { stage: 'request', stop: { kind: 'multicast-ignored', node: source } } }));
    const ping: UnicastPing = { forwarding, pinger, src, target, route, bound: from?.device !== undefined, broadcast: options.broadcast === true };
    return run((seq) => unicastPacket(ping, seq));
}

/**
 * What ping prints of its packets' lines, in the order they reach it, and its statistics. ping
 * stops reading once every packet it sent is accounted for (a reply or an ICMP error for each): a
 * later reply to the last packet, or a redirect right behind its error, is never printed.
 */
function printedLines(outcomes: readonly PacketOutcome[], count: number): { lines: string[]; statistics: PingStatistics } {
    // A stable sort: lines that arrive together keep the order each packet's outcome gives them.
    const arriving = outcomes.flatMap((outcome) => outcome.printed).sort((a, b) => a.at - b.at);
    const tally = { reply: 0, error: 0, duplicate: 0, notice: 0 };
    const lines: string[] = [];
    for (const printed of arriving) {
        lines.push(...printed.lines);
        tally[printed.kind]++;
        if (tally.reply + tally.error === count) break;
    }
    return { lines, statistics: { transmitted: count, received: tally.reply, duplicates: tally.duplicate, errors: tally.error } };
}

/** A ping of `target` on `pinger` along `route`: what every packet of it shares. */
interface UnicastPing {
    readonly forwarding: Forwarding;
    readonly pinger: NetworkNode;
    readonly src: Ipv4;
    readonly target: Ipv4;
    readonly route: RouteEntry;
    /** `-I IF`: the socket is bound to a device. */
    readonly bound: boolean;
    /** `-b`: ping does not flag a reply from another address. */
    readonly broadcast: boolean;
}

/** One echo request to another node (or through one), and whatever comes back for it. */
function unicastPacket(ping: UnicastPing, seq: number): PacketOutcome {
    const { forwarding, pinger, src, target } = ping;
    const now = forwarding.memory.now;
    const echo: Packet = { kind: 'echo-request', src, dst: target, ttl: DEFAULT_TTL };
    const before = forwarding.redirects.length;
    const request = forwarding.send(pinger, echo, ping.route);
    const redirects: Printed[] = forwarding.redirects.slice(before).flatMap((redirect) => {
        const about = { src: redirect.packet.src, dst: redirect.packet.dst };
        const journey = forwarding.originate(redirect.node, { kind: 'redirect', dst: redirect.packet.src, ttl: DEFAULT_TTL, inner: about });
        if (journey.kind !== 'delivered' || !reachedPinger(journey, pinger)) return [];
        obeyRedirect(ping, journey.packet.src, redirect.gateway);
        const line = `From ${formatIpv4(journey.packet.src)}: icmp_seq=${seq} Redirect Host(New nexthop: ${formatIpv4(redirect.gateway)})`;
        return [{ at: now, lines: [line], kind: 'notice' as const }];
    });
    if (request.kind === 'delivered') return answer(ping, request, redirects, seq);

    const stop = request.stop;
    if (stop.kind === 'filtered' && stop.node === pinger.model.name && stop.decision.chain === 'output') {
        return refusedByPinger(forwarding, pinger, echo, stop.decision, seq);
    }
    const error = request.error;
    if (!error) return { printed: redirects, failure: { stage: 'request', stop } };
    // An error sent after an ARP timeout: when the resolution this packet waits for fails.
    const at = error.delayed && stop.kind === 'arp-failed' ? forwarding.memory.arpFailure(stop.node, stop.device, stop.nextHop) : now;
    if (error.local) {
        // Measured: a socket bound to a device does not read the error its own node sends it over lo.
        const printed = ping.bound ? redirects : [...redirects, { at, lines: [errorLine(src, error, seq)], kind: 'error' as const }];
        return { printed, failure: { stage: 'request', stop, error } };
    }
    const about = { src: error.about.src, dst: error.about.dst };
    const back = forwarding.originate(error.node, { kind: 'icmp-error', src: error.src, dst: about.src, ttl: DEFAULT_TTL, inner: about });
    if (back.kind !== 'delivered' || !reachedPinger(back, pinger)) {
        return { printed: redirects, failure: { stage: 'error-return', cause: stop, stop: lostAt(back), error } };
    }
    const line: Printed = { at, lines: [errorLine(back.packet.src, error, seq)], kind: 'error' };
    // Measured: an error right behind the redirects is read before them (and ends the run, for the last packet).
    return { printed: error.delayed ? [...redirects, line] : [line, ...redirects], failure: { stage: 'request', stop, error } };
}

/**
 * A redirect reached the pinger: if its interface accepts redirects and it comes from the next hop
 * the packet went to, the kernel puts the new gateway in for the target (a nexthop exception) —
 * but only once it has a neighbour entry for it: the first time, it only resolves the gateway
 * (measured: an obeyed redirect still comes for the second packet, none from the third).
 */
function obeyRedirect(ping: UnicastPing, sender: Ipv4, gateway: Ipv4): void {
    const { forwarding, pinger, route, target } = ping;
    const device = route.device!;
    // A route with no gateway has nothing to redirect (the kernel ignores redirects for on-link destinations).
    if (!usesGateway(pinger, route) || !pinger.settings.acceptRedirects(device)) return;
    const name = pinger.model.name;
    const nextHop = forwarding.memory.redirectedNextHop(name, target, route.gateway!) ?? route.gateway!;
    if (sender !== nextHop || gateway === nextHop) return;
    if (forwarding.memory.knows(name, device, gateway)) forwarding.memory.redirect(name, target, route.gateway!, gateway);
    else forwarding.resolve(pinger, device, gateway, ping.src);
}

/** An echo request to the pinger's own address (or 0.0.0.0), over lo through its own filter chains; a drop is silence. */
function selfPacket(forwarding: Forwarding, pinger: NetworkNode, self: Ipv4, seq: number): PacketOutcome {
    const source = pinger.model.name;
    if (pinger.settings.icmpEchoIgnoreAll) return { printed: [], failure: { stage: 'request', stop: { kind: 'echo-ignored', node: source } } };
    const request: Packet = { kind: 'echo-request', src: self, dst: self, ttl: DEFAULT_TTL };
    const refused = forwarding.loopback(pinger, request);
    if (refused) return refusedByPinger(forwarding, pinger, request, refused.decision, seq);
    const lost = forwarding.loopback(pinger, { kind: 'echo-reply', src: self, dst: self, ttl: DEFAULT_TTL });
    if (lost) return { printed: [], failure: { stage: 'reply', stop: { kind: 'filtered', node: source, decision: lost.decision }, replier: source } };
    return { printed: [{ at: forwarding.memory.now, lines: [replyLine(self, DEFAULT_TTL, seq)], kind: 'reply' }] };
}

/**
 * The pinger's own OUTPUT chain, or (pinging itself) its INPUT chain, stopped the request. A drop
 * is silence. A REJECT's Destination Port Unreachable goes back to the request's source over lo,
 * through the chains again as `related`: if it gets through, ping reads it and, when OUTPUT
 * rejected, also reports that sendmsg() failed (measured: a REJECT whose error is dropped prints nothing).
 */
function refusedByPinger(forwarding: Forwarding, pinger: NetworkNode, request: Packet, decision: FilterDecision, seq: number): PacketOutcome {
    const stop: Stop = { kind: 'filtered', node: pinger.model.name, decision };
    if (decision.verdict !== 'reject') return { printed: [], failure: { stage: 'request', stop } };
    const error: PendingError = { node: pinger, type: 'Destination Port Unreachable', delayed: false, local: true, about: request, src: request.src };
    const inner = { src: request.src, dst: request.dst };
    const notice = forwarding.loopback(pinger, { kind: 'icmp-error', src: request.src, dst: request.src, ttl: DEFAULT_TTL, inner });
    if (notice)
        return {
            printed: [],
            failure: { stage: 'error-return', cause: stop, stop: { kind: 'filtered', node: pinger.model.name, decision: notice.decision }, error }
        };
    const lines = [errorLine(request.src, error, seq), ...(decision.chain === 'output' ? [SENDMSG_REFUSED] : [])];
    return { printed: [{ at: forwarding.memory.now, lines, kind: 'error' }], failure: { stage: 'request', stop, error } };
}

/** The echo request arrived somewhere: the echo reply, if any, and whether it gets back. */
function answer(ping: UnicastPing, request: Extract<Journey, { kind: 'delivered' }>, redirects: Printed[], seq: number): PacketOutcome {
    const replied = echoReply(ping.forwarding, ping.pinger, request);
    if ('failure' in replied) return { printed: redirects, failure: replied.failure };
    // An answer to a broadcast (and any reply, with -b) is printed without ping's "(DIFFERENT ADDRESS!)".
    const from = request.broadcast || ping.broadcast ? replied.from : ping.target;
    const line = replyLine(ping.target, replied.ttl, seq, from, ping.broadcast);
    return { printed: [...redirects, { at: ping.forwarding.memory.now, lines: [line], kind: 'reply' }] };
}

/**
 * Whether the node a request reached answers it, and whether its reply gets back to the pinger:
 * the reply's source address and TTL on arrival, or why there is none.
 */
function echoReply(
    forwarding: Forwarding,
    pinger: NetworkNode,
    request: Extract<Journey, { kind: 'delivered' }>
): { readonly from: Ipv4; readonly ttl: number } | { readonly failure: PingFailure } {
    const replier = request.node;
    const name = replier.model.name;
    // The kernel's icmp_rcv refuses a broadcast echo before icmp_echo looks at icmp_echo_ignore_all.
    if (request.broadcast && replier.settings.icmpEchoIgnoreBroadcasts)
        return { failure: { stage: 'request', stop: { kind: 'broadcast-ignored', node: name } } };
    if (replier.settings.icmpEchoIgnoreAll) return { failure: { stage: 'request', stop: { kind: 'echo-ignored', node: name } } };
    // The reply goes back to the request's source as the replier saw it (a masquerading node's address, if any),
    // from the address it was sent to; an answer to a broadcast is from the route back's source (fib_compute_spec_dst).
    const src = request.broadcast ? undefined : request.packet.dst;
    const reply = forwarding.originate(replier, { kind: 'echo-reply', src, dst: request.packet.src, ttl: DEFAULT_TTL });
    if (reply.kind !== 'delivered' || !reachedPinger(reply, pinger)) return { failure: { stage: 'reply', stop: lostAt(reply), replier: name } };
    return { from: reply.packet.src, ttl: reply.packet.ttl };
}

/**
 * `ping -b` of a broadcast address of the pinger's own subnet: the request goes to every node on
 * the segment, and to the pinger itself (the kernel loops a broadcast it sends back to its own
 * stack); each that answers replies. ping prints the first answer as the reply and the others as
 * well (measured: without `(DUP!)`), the pinger's own first. The order of the others' answers is
 * not the kernel's to keep (it depends on whose ARP for the pinger finishes first): the engine
 * lists them in the order the bridge floods the request most often did, the last port to join first.
 */
function broadcastPacket(
    forwarding: Forwarding,
    pinger: NetworkNode,
    src: Ipv4,
    target: Ipv4,
    device: string,
    receivers: readonly NodePort[],
    seq: number
): PacketOutcome {
    const now = forwarding.memory.now;
    const echo: Packet = { kind: 'echo-request', src, dst: target, ttl: DEFAULT_TTL };
    const answers: { from: Ipv4; ttl: number }[] = [];
    const failures: PingFailure[] = [];
    if (!pinger.settings.icmpEchoIgnoreBroadcasts && !pinger.settings.icmpEchoIgnoreAll) {
        const refused = forwarding.loopback(pinger, echo) ?? forwarding.loopback(pinger, { kind: 'echo-reply', src, dst: src, ttl: DEFAULT_TTL });
        if (!refused) answers.push({ from: src, ttl: DEFAULT_TTL });
    }
    for (const journey of forwarding.sendBroadcast(pinger, echo, device, receivers)) {
        if (journey.kind === 'stopped') {
            failures.push({ stage: 'request', stop: journey.stop });
            continue;
        }
        const replied = echoReply(forwarding, pinger, journey);
        if ('failure' in replied) failures.push(replied.failure);
        else answers.push(replied);
    }
    const printed = answers.map((reply, index): Printed => ({
        at: now,
        lines: [replyLine(target, reply.ttl, seq, reply.from, true)],
        kind: index === 0 ? 'reply' : 'duplicate'
    }));
    const failure: PingFailure = failures[0] ?? { stage: 'request', stop: { kind: 'broadcast-ignored', node: pinger.model.name } };
    return { printed, failure };
}

/**
 * Who takes a packet the pinger sends to broadcast address `target` out of `device`: every other
 * node's interface on that segment whose node holds the address as a broadcast of one of its
 * subnets (or the limited broadcast), the last declared first (see {@link broadcastPacket}).
 */
function broadcastReceivers(network: Network, pinger: NetworkNode, device: string, target: Ipv4): NodePort[] {
    const segment = pinger.segments.get(device);
    const found: NodePort[] = [];
    for (const node of network.nodes.values()) {
        if (node === pinger || node.table.lookup(target).kind !== 'broadcast') continue;
        for (const iface of node.model.interfaces) if (node.segments.get(iface.name) === segment) found.push({ node, device: iface.name });
    }
    return found.reverse();
}

/** The packet reached the pinger itself (a reply, error or redirect the pinger's socket reads). */
export function reachedPinger(journey: Journey, pinger: NetworkNode): boolean {
    return journey.kind === 'delivered' && journey.node === pinger && !journey.broadcast;
}

/** Why a packet meant for the pinger did not get there. */
export function lostAt(journey: Journey): Stop {
    return journey.kind === 'stopped' ? journey.stop : { kind: 'not-for-pinger', node: journey.node.model.name };
}

/** iputils' reply line; without -b it flags a reply from another address than the one pinged. */
function replyLine(target: Ipv4, ttl: number, seq: number, from = target, broadcast = false): string {
    const flag = from === target || broadcast ? '' : ' (DIFFERENT ADDRESS!)';
    return `64 bytes from ${formatIpv4(from)}: icmp_seq=${seq} ttl=${ttl}${flag}`;
}

function errorLine(from: Ipv4, error: PendingError, seq: number): string {
    return `From ${formatIpv4(from)} icmp_seq=${seq} ${error.type}`;
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
