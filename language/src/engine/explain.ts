import { formatIpv4, type Ipv4 } from '../address/ipv4.js';
import type { Network, NetworkNode } from './network.js';
import type { FilterDecision } from './filter.js';
import type { DownInterface, Stop, TraceStep, Translation } from './packet.js';
import type { PingFailure, PingResult } from './ping.js';
import { formatIpRoute } from './route-format.js';
import { formatPingFrom } from './ping-target.js';

/** Plain words for why a packet went no further, naming the node and the setting or route involved. */
export function describeStop(stop: Stop): string {
    const node = stop.node;
    switch (stop.kind) {
        case 'ip-forward-off':
            return `${node} does not forward packets (${stop.setting} is 0) and drops it`;
        case 'no-route':
            return `${node} has no route to ${formatIpv4(stop.destination)}${isDown(stop.down)}`;
        case 'reject-route':
            return `${node}'s route \`${formatIpRoute(stop.route).trim()}\` rejects it`;
        case 'arp-failed':
            return `nobody answers ${node}'s ARP request for ${formatIpv4(stop.nextHop)} on ${stop.device}${isDown(stop.down)}`;
        case 'rp-filter': {
            const back = stop.backRoute;
            const why = !back
                ? `${node} has no route back to ${formatIpv4(stop.source)}`
                : back.type !== 'unicast'
                  ? `${node}'s route back to ${formatIpv4(stop.source)} is \`${formatIpRoute(back).trim()}\``
                  : `${node}'s route back to ${formatIpv4(stop.source)} does not leave by ${stop.device}`;
            return `${node}'s rp_filter (${stop.mode === 1 ? 'strict' : 'loose'}) drops it on ${stop.device}: ${why}`;
        }
        case 'martian-source':
            return `${node} drops it as a martian: its source ${formatIpv4(stop.source)} is one of ${node}'s own addresses (or a broadcast)`;
        case 'martian-destination':
            return `${node} drops it: loopback addresses are not routed`;
        case 'ttl-exceeded':
            return `its TTL runs out at ${node} (a routing loop)`;
        case 'echo-ignored':
            return `${node} ignores echo requests (net.ipv4.icmp_echo_ignore_all = 1)`;
        case 'broadcast-ignored':
            return `it is a broadcast for ${node}, which ignores echo requests to broadcasts`;
        case 'multicast-ignored':
            return `${node} sends it to a multicast group, and no node answers echo requests to multicast (icmp_echo_ignore_broadcasts is 1) or sends an ICMP error about them`;
        case 'not-for-pinger':
            return `it is delivered to ${node} instead (a duplicate address?)`;
        case 'filtered':
            return describeDecision(stop.decision);
        case 'nat-redirect':
            return `${node} drops it: NAT never passes on a redirect about a connection it masqueraded`;
    }
}

/** The down interface behind a stop, in words: ` (eth1 of A is down)`, or nothing. */
function isDown(down: DownInterface | undefined): string {
    return down ? ` (${describeDown(down)})` : '';
}

/**
 * An interface that is not plainly up, in words: briefly (`down`, `no carrier`, `bridge down`, for
 * tables) and as a sentence; undefined when it is up and reaches its link.
 */
export function describeLinkState(node: NetworkNode, device: string): { readonly brief: string; readonly sentence: string } | undefined {
    if (node.interfaces.get(device)?.down) {
        return { brief: 'down', sentence: 'It is down: its addresses stay the node’s own, but it has no route and sends and receives nothing.' };
    }
    if (node.noCarrier.has(device)) {
        return {
            brief: 'no carrier',
            sentence: 'It is up without carrier (NO-CARRIER): the far end is down, so its routes are `linkdown` and nobody answers there.'
        };
    }
    if (node.cutOff.has(device)) return { brief: 'bridge down', sentence: 'Its bridge is down: it has carrier, but the bridge forwards nothing.' };
    return undefined;
}

/** `eth1 of A is down`. */
export function describeDown(down: DownInterface): string {
    return `${down.device} of ${down.node} is down`;
}

/**
 * A filter chain's verdict in words, naming the rule (as written) or the policy, and the
 * conntrack state it saw: `dh1's FORWARD policy drops it (state new)`.
 */
export function describeDecision(decision: FilterDecision): string {
    const chain = decision.chain.toUpperCase();
    const verb = decision.verdict === 'accept' ? 'accepts' : decision.verdict === 'drop' ? 'drops' : 'rejects';
    const by = decision.rule ? `rule \`${decision.rule.text}\`` : `${chain} policy`;
    const what = decision.rule ? `${decision.node}'s ${chain} ${by}` : `${decision.node}'s ${by}`;
    const answer = decision.verdict === 'reject' ? ', answering Destination Port Unreachable' : '';
    return `${what} ${verb} it (state ${decision.state})${answer}`;
}

/** An address rewrite in words: `dh1 rewrites the source 172.17.0.2 → 192.168.1.10 (MASQUERADE)`. */
export function describeTranslation(translation: Translation): string {
    const field = translation.field === 'src' ? 'source' : 'destination';
    const why = translation.kind === 'masquerade' ? 'MASQUERADE' : 'conntrack undoes MASQUERADE';
    return `${translation.node} rewrites the ${field} ${formatIpv4(translation.from)} → ${formatIpv4(translation.to)} (${why})`;
}

/** Why a ping got no reply, in one sentence. */
export function describeFailure(failure: PingFailure, result: Pick<PingResult, 'source' | 'target'>): string {
    const target = formatIpv4(result.target);
    switch (failure.stage) {
        case 'connect':
            if (failure.reason === 'broadcast') return `${target} is a broadcast address for ${result.source}, and ping refuses to send to it`;
            if (failure.reason === 'reject-route') return `${result.source}'s route \`${formatIpRoute(failure.route!).trim()}\` refuses to send`;
            if (failure.reason === 'bind') {
                return `${result.source} has no ${failure.from.device ? 'interface' : 'address'} ${formatPingFrom(failure.from)} to ping from`;
            }
            return `${result.source} has no route to ${target}${isDown(failure.down)}`;
        case 'request':
            return `the request is lost: ${describeStop(failure.stop)}${answered(failure)}`;
        case 'reply':
            return `the request reaches ${failure.replier}, but the reply cannot come back: ${describeStop(failure.stop)}`;
        case 'error-return':
            return `the request is lost: ${describeStop(failure.cause)}; and the ICMP error cannot come back: ${describeStop(failure.stop)}`;
    }
}

/** Who answers the lost request with an ICMP error, unless the stop already says so (a REJECT). */
function answered(failure: Extract<PingFailure, { stage: 'request' }>): string {
    if (!failure.error || (failure.stop.kind === 'filtered' && failure.stop.decision.verdict === 'reject')) return '';
    return `; ${failure.error.node.model.name} answers ${failure.error.type}`;
}

/** Each kind of packet in words, as the trace and the step list name it. */
export const PACKET_NAMES: Readonly<Record<TraceStep['packet'], string>> = {
    'echo-request': 'echo request',
    'echo-reply': 'echo reply',
    'icmp-error': 'ICMP error',
    redirect: 'ICMP redirect',
    'dns-query': 'DNS query',
    'dns-answer': 'DNS answer'
};

const PACKET_NOUNS: Record<TraceStep['packet'], string> = {
    'echo-request': 'the echo request',
    'echo-reply': 'the echo reply',
    'icmp-error': 'the ICMP error',
    redirect: 'the redirect',
    'dns-query': 'the DNS query',
    'dns-answer': 'the DNS answer'
};

/**
 * What a node decided about a packet at one step, in plain words: the route it matched (as
 * `ip route` prints it), the next hop and who answered ARP, forwarding and rp_filter, the TTL, a
 * redirect, and delivery. `redirected` says whether the node also sent the source a redirect here
 * (the trace holds that as a later step; {@link describeSteps} works it out).
 */
export function describeStep(step: TraceStep, network: Network, redirected = false): string {
    const netfilter = [
        ...(step.translations ?? []).filter((entry) => entry.kind === 'reverse').map(describeTranslation),
        ...(step.filter && step.filter.verdict === 'accept' ? [describeDecision(step.filter)] : []),
        ...(step.translations ?? []).filter((entry) => entry.kind === 'masquerade').map(describeTranslation)
    ];
    const words = kernelStep(step, network, redirected);
    return netfilter.length ? `${words}; ${netfilter.join('; ')}` : words;
}

function kernelStep(step: TraceStep, network: Network, redirected: boolean): string {
    const node = network.nodes.get(step.node);
    const packet = PACKET_NOUNS[step.packet];
    const addresses = `${formatIpv4(step.src)} → ${formatIpv4(step.dst)}, ttl ${step.ttl}`;
    switch (step.action) {
        case 'send':
            return `${step.node} sends ${packet} (${addresses}) ${departure(step)}`;
        case 'forward': {
            const device = step.inDevice!;
            if (step.bridge)
                return `${step.node} bridges ${packet} (${addresses}) between two ports of ${step.bridge}, through its FORWARD chain (bridge-nf-call-iptables = 1)`;
            const forwarding = node?.settings.ipForward ? 'net.ipv4.ip_forward = 1' : `net.ipv4.conf.${device}.forwarding = 1`;
            const checks = [`forwarding is on (${forwarding})`, ...sourceCheck(node, device, step.src), `the TTL goes from ${step.ttl + 1} to ${step.ttl}`];
            const redirect = redirected
                ? `; it goes back out where it came in, so ${step.node} also sends ${formatIpv4(step.src)} a redirect to ${formatIpv4(step.nextHop!)}`
                : '';
            return `${step.node} receives ${packet} on ${device} and forwards it (${checks.join(', ')}): ${departure(step)}${redirect}`;
        }
        case 'deliver': {
            if (!step.inDevice) return `${formatIpv4(step.dst)} is ${step.node}'s own address: ${packet} is answered locally, over lo`;
            const broadcast = node?.table.broadcasts.has(step.dst) ?? false;
            const then =
                step.packet !== 'echo-request'
                    ? 'ping reads it'
                    : broadcast && node?.settings.icmpEchoIgnoreBroadcasts
                      ? 'it ignores echo requests to broadcasts'
                      : node?.settings.icmpEchoIgnoreAll
                        ? 'it ignores echo requests (net.ipv4.icmp_echo_ignore_all = 1)'
                        : 'it answers with an echo reply';
            return `${step.node} receives ${packet} on ${step.inDevice}: ${formatIpv4(step.dst)} is ${broadcast ? 'a broadcast address of its subnet' : 'its own address'}, so it is delivered; ${then}`;
        }
        case 'drop':
        case 'error': {
            const stop = step.stop ? describeStop(step.stop) : `${step.node} drops it`;
            const where = step.inDevice ? `${step.node} receives ${packet} (${addresses}) on ${step.inDevice}: ` : '';
            const error = step.action === 'error' ? `; it sends an ICMP error back to ${formatIpv4(step.src)}` : '';
            return `${where}${stop}${error}`;
        }
    }
}

/** Every step of a trace in plain words (see {@link describeStep}). */
export function describeSteps(steps: readonly TraceStep[], network: Network): string[] {
    return steps.map((step, index) =>
        describeStep(
            step,
            network,
            step.action === 'forward' &&
                steps
                    .slice(index + 1)
                    .some((later) => later.packet === 'redirect' && later.action === 'send' && later.node === step.node && later.dst === step.src)
        )
    );
}

/** The stop at a step where a packet goes no further: a drop, an error, or an ARP request nobody answers. */
export function stepStop(step: TraceStep): Stop | undefined {
    if (step.stop) return step.stop;
    if (step.arp === 'failed') return { kind: 'arp-failed', node: step.node, device: step.outDevice!, nextHop: step.nextHop! };
    return undefined;
}

/** How a packet leaves: the interface, the next hop, the route that chose them, and the ARP answer. */
function departure(step: TraceStep): string {
    const hop = step.nextHop === step.dst ? `straight to ${formatIpv4(step.dst)} (on-link)` : `via ${formatIpv4(step.nextHop!)}`;
    const route = step.route ? `, by the route \`${formatIpRoute(step.route).trim()}\`` : '';
    const arp =
        step.arp === 'failed' || !step.arp
            ? `; nobody answers ARP for ${formatIpv4(step.nextHop!)} on ${step.outDevice}`
            : `; ${step.arp.node}.${step.arp.device} answers ARP for ${formatIpv4(step.nextHop!)}`;
    return `out of ${step.outDevice} ${hop}${route}${arp}`;
}

/** What reverse-path filtering checked on a forwarded packet (nothing with rp_filter 0). */
function sourceCheck(node: NetworkNode | undefined, device: string, source: Ipv4): string[] {
    const mode = node?.settings.rpFilter(device) ?? 0;
    if (mode === 0) return [];
    return [
        mode === 1
            ? `rp_filter 1 (strict) passes: the route back to ${formatIpv4(source)} leaves by ${device}`
            : `rp_filter 2 (loose) passes: there is a route back to ${formatIpv4(source)}`
    ];
}

/**
 * A ping's outcome in one line, for a code lens or a list: `✓ reply, ttl=63` or
 * `✗ no reply: carol has no route back`.
 */
export function pingVerdict(result: PingResult): string {
    if (result.reply) {
        // The first echo reply back at the pinger (a broadcast's other answers come after it).
        const first = result.trace.find((step) => step.packet === 'echo-reply' && step.action === 'deliver' && step.node === result.source);
        const redirected = result.lines.some((line) => line.includes(' Redirect Host(')) ? ', after a redirect' : '';
        const { received, transmitted } = result.statistics;
        const replies = transmitted > 1 ? `${received} of ${transmitted} replies` : 'reply';
        return `✓ ${replies}, ttl=${first?.ttl ?? 64}${redirected}`;
    }
    return `✗ no reply: ${failureInBrief(result.failure!, result)}`;
}

/** Why a ping failed, as briefly as a code lens allows. */
function failureInBrief(failure: PingFailure, result: PingResult): string {
    switch (failure.stage) {
        case 'connect':
            return describeFailure(failure, result);
        case 'request':
            return answered(failure) ? `${describeStop(failure.stop)} — ${failure.error!.type}` : describeStop(failure.stop);
        case 'reply':
            return failure.stop.kind === 'no-route' && failure.stop.node === failure.replier
                ? `${failure.replier} has no route back`
                : `the reply is lost: ${describeStop(failure.stop)}`;
        case 'error-return':
            return `${describeStop(failure.cause)}, and the ICMP error is lost: ${describeStop(failure.stop)}`;
    }
}
