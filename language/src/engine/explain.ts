import { formatIpv4 } from '../address/ipv4.js';
import type { Stop } from './packet.js';
import type { PingFailure, PingResult } from './ping.js';
import { formatIpRoute } from './route-format.js';

/** Plain words for why a packet went no further, naming the node and the setting or route involved. */
export function describeStop(stop: Stop): string {
    const node = stop.node;
    switch (stop.kind) {
        case 'ip-forward-off':
            return `${node} does not forward packets (${stop.setting} is 0) and drops it`;
        case 'no-route':
            return `${node} has no route to ${formatIpv4(stop.destination)}`;
        case 'reject-route':
            return `${node}'s route \`${formatIpRoute(stop.route).trim()}\` rejects it`;
        case 'arp-failed':
            return `nobody answers ${node}'s ARP request for ${formatIpv4(stop.nextHop)} on ${stop.device}`;
        case 'rp-filter': {
            const back = stop.backRoute;
            const why = !back ? `${node} has no route back to ${formatIpv4(stop.source)}`
                : back.type !== 'unicast' ? `${node}'s route back to ${formatIpv4(stop.source)} is \`${formatIpRoute(back).trim()}\``
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
        case 'not-for-pinger':
            return `it is delivered to ${node} instead (a duplicate address?)`;
    }
}

/** Why a ping got no reply, in one sentence. */
export function describeFailure(failure: PingFailure, result: Pick<PingResult, 'source' | 'target'>): string {
    const target = formatIpv4(result.target);
    switch (failure.stage) {
        case 'connect':
            if (failure.reason === 'broadcast') return `${target} is a broadcast address for ${result.source}, and ping refuses to send to it`;
            if (failure.reason === 'reject-route') return `${result.source}'s route \`${formatIpRoute(failure.route!).trim()}\` refuses to send`;
            return `${result.source} has no route to ${target}`;
        case 'request': {
            const error = failure.error ? `; ${failure.error.node.model.name} answers ${failure.error.type}` : '';
            return `the request is lost: ${describeStop(failure.stop)}${error}`;
        }
        case 'reply':
            return `the request reaches ${failure.replier}, but the reply cannot come back: ${describeStop(failure.stop)}`;
        case 'error-return':
            return `the request is lost, and the ICMP error cannot come back either: ${describeStop(failure.stop)}`;
    }
}
