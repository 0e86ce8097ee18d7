import type { Ipv4 } from '../model/topology.js';
import { networkOf } from '../address/ipv4.js';
import { holdersOnSegment, type Network, type NetworkNode, type NodePort } from './network.js';
import type { IcmpErrorType, Packet, Stop, TraceStep } from './packet.js';
import { primaryAddresses, type RouteEntry } from './route-table.js';

/** Where a packet's journey ended. */
export type Journey =
    | { readonly kind: 'delivered'; readonly node: NetworkNode; readonly broadcast: boolean; readonly packet: Packet }
    | { readonly kind: 'stopped'; readonly stop: Stop; readonly error?: PendingError };

/** An ICMP error a node owes the packet's source. `local` errors never leave the node (a failed ARP for its own packet). */
export interface PendingError {
    readonly node: NetworkNode;
    readonly type: IcmpErrorType;
    /** Sent only after the ARP timeout, seconds after everything else. */
    readonly delayed: boolean;
    readonly local: boolean;
}

/** A redirect a router sends to the source of a packet it forwarded back out of the interface it came in on. */
export interface PendingRedirect {
    readonly node: NetworkNode;
    readonly packet: Packet;
    readonly gateway: Ipv4;
}

/** The TTL of packets the nodes generate (`net.ipv4.ip_default_ttl`). */
export const DEFAULT_TTL = 64;

const isLoopback = (address: Ipv4) => address >>> 24 === 127;

/**
 * The kernel's IPv4 input, forwarding and output paths, applied to one packet at a time over a
 * compiled {@link Network}. Every step is recorded in {@link steps}; redirects sent on the way are
 * collected in {@link redirects} (each router redirects a given source once, as the kernel's rate limit does).
 */
export class Forwarding {
    readonly steps: TraceStep[] = [];
    readonly redirects: PendingRedirect[] = [];
    private readonly redirected = new Set<string>();

    constructor(private readonly network: Network) {}

    /** Sends a packet the node generated itself, after the caller has looked up `route` for it. */
    send(node: NetworkNode, packet: Packet, route: RouteEntry): Journey {
        return this.transmit(node, packet, route, 'send', undefined);
    }

    /**
     * Originates a packet from `node` (an echo reply, an ICMP error or a redirect): routes it, picks
     * its source address unless given, and follows it. Without a usable route it stops at `node`.
     */
    originate(node: NetworkNode, packet: Omit<Packet, 'src'> & { src?: Ipv4 }): Journey {
        const fields: Packet = { kind: packet.kind, src: packet.src ?? 0, dst: packet.dst, ttl: packet.ttl };
        const lookup = node.table.lookup(packet.dst);
        if (lookup.kind === 'local') {
            return this.deliver(node, { ...fields, src: packet.src ?? packet.dst }, undefined, false);
        }
        if (lookup.kind !== 'route' || lookup.route.type !== 'unicast') {
            const stop: Stop = lookup.kind === 'route'
                ? { kind: 'reject-route', node: node.model.name, route: lookup.route }
                : { kind: 'no-route', node: node.model.name, destination: packet.dst };
            this.steps.push(step(fields, node, 'drop', undefined, { stop }));
            return { kind: 'stopped', stop };
        }
        const src = packet.src ?? sourceAddress(node, lookup.route) ?? 0;
        return this.send(node, { ...fields, src }, lookup.route);
    }

    /** Puts a packet on the wire towards the route's next hop (resolved with ARP), and records the step. */
    private transmit(node: NetworkNode, packet: Packet, route: RouteEntry, action: 'send' | 'forward', inDevice: string | undefined): Journey {
        const device = route.device!;
        const nextHop = usesGateway(node, route) ? route.gateway! : packet.dst;
        const sender = node.table.locals.has(packet.src) ? packet.src : selectAddress(node, device, nextHop) ?? 0;
        const answer = arpAnswer(this.network, node, device, nextHop, sender);
        this.steps.push(step(packet, node, action, inDevice, {
            route, outDevice: device, nextHop, arp: answer ? { node: answer.node.model.name, device: answer.device } : 'failed'
        }));
        if (!answer) {
            const stop: Stop = { kind: 'arp-failed', node: node.model.name, device, nextHop };
            const local = node.table.locals.has(packet.src);
            return { kind: 'stopped', stop, error: this.errorFor(packet, node, 'Destination Host Unreachable', true, local) };
        }
        return this.receive(answer.node, answer.device, packet);
    }

    /** The input path of a node for a packet that arrived on `device`. */
    private receive(node: NetworkNode, device: string, packet: Packet): Journey {
        const name = node.model.name;
        const drop = (stop: Stop, error?: PendingError): Journey => {
            this.steps.push(step(packet, node, error ? 'error' : 'drop', device, { stop }));
            return { kind: 'stopped', stop, error };
        };
        if (isLoopback(packet.dst)) return drop({ kind: 'martian-destination', node: name });
        const lookup = node.table.lookup(packet.dst);
        if (lookup.kind === 'local' || lookup.kind === 'broadcast') {
            const check = validateSource(node, device, packet.src, undefined);
            if (!check.ok) return drop(check.stop);
            return this.deliver(node, packet, device, lookup.kind === 'broadcast');
        }
        if (!node.settings.forwards(device)) return drop({ kind: 'ip-forward-off', node: name, device, setting: forwardingSetting(node, device) });
        if (lookup.kind === 'none') {
            return drop({ kind: 'no-route', node: name, destination: packet.dst }, this.errorFor(packet, node, 'Destination Net Unreachable'));
        }
        const route = lookup.route;
        if (route.type !== 'unicast') {
            const type: IcmpErrorType | undefined = route.type === 'unreachable' ? 'Destination Host Unreachable'
                : route.type === 'prohibit' ? 'Packet filtered' : undefined;
            return drop({ kind: 'reject-route', node: name, route }, type && this.errorFor(packet, node, type));
        }
        const check = validateSource(node, device, packet.src, route.device);
        if (!check.ok) return drop(check.stop);
        if (packet.ttl <= 1) return drop({ kind: 'ttl-exceeded', node: name }, this.errorFor(packet, node, 'Time to live exceeded'));
        if (device === route.device && check.onLink && node.settings.sendRedirects(device)) this.redirect(node, packet, route);
        return this.transmit(node, { kind: packet.kind, src: packet.src, dst: packet.dst, ttl: packet.ttl - 1 }, route, 'forward', device);
    }

    private deliver(node: NetworkNode, packet: Packet, device: string | undefined, broadcast: boolean): Journey {
        this.steps.push(step(packet, node, 'deliver', device, undefined));
        return { kind: 'delivered', node, broadcast, packet };
    }

    /** ICMP errors are never sent about ICMP errors (redirects included). */
    private errorFor(packet: Packet, node: NetworkNode, type: IcmpErrorType, delayed = false, local = false): PendingError | undefined {
        if (packet.kind === 'icmp-error' || packet.kind === 'redirect') return undefined;
        return { node, type, delayed, local };
    }

    private redirect(node: NetworkNode, packet: Packet, route: RouteEntry): void {
        const key = `${node.model.name}>${packet.src}`;
        if (packet.kind === 'icmp-error' || packet.kind === 'redirect' || this.redirected.has(key)) return;
        this.redirected.add(key);
        this.redirects.push({ node, packet, gateway: usesGateway(node, route) ? route.gateway! : packet.dst });
    }
}

/**
 * Which node answers ARP for `nextHop` on the segment of `node`'s `device`: any other interface
 * there whose node holds the address (arp_ignore 0), if the request passes that node's input route
 * check for the `sender` address (rp_filter applies to ARP too).
 */
export function arpAnswer(network: Network, node: NetworkNode, device: string, nextHop: Ipv4, sender: Ipv4): NodePort | undefined {
    return holdersOnSegment(network, node, device, nextHop).find((port) => validateSource(port.node, port.device, sender, undefined).ok);
}

/** A trace step for `packet` at `node` (a literal, not spreads: this runs for every hop of every simulated packet). */
function step(
    packet: Packet, node: NetworkNode, action: TraceStep['action'], inDevice: string | undefined,
    more: Pick<TraceStep, 'route' | 'outDevice' | 'nextHop' | 'arp' | 'stop'> | undefined
): TraceStep {
    return {
        packet: packet.kind, node: node.model.name, src: packet.src, dst: packet.dst, ttl: packet.ttl, action, inDevice,
        outDevice: more?.outDevice, nextHop: more?.nextHop, route: more?.route, arp: more?.arp, stop: more?.stop
    };
}

/** The sysctl that keeps a node from forwarding what arrives on `device`: `ip_forward`, or the interface's own `forwarding`. */
export function forwardingSetting(node: NetworkNode, device: string): string {
    return node.settings.ipForward ? `net.ipv4.conf.${device}.forwarding` : 'net.ipv4.ip_forward';
}

/** A gateway that is one of the node's own addresses is not used: the destination is treated as on-link. */
export function usesGateway(node: NetworkNode, route: RouteEntry): boolean {
    return route.gateway !== undefined && !node.table.locals.has(route.gateway);
}

/** The source address the kernel picks for a packet the node sends itself along `route`. */
export function sourceAddress(node: NetworkNode, route: RouteEntry): Ipv4 | undefined {
    return route.source ?? selectAddress(node, route.device!, route.gateway ?? 0);
}

/**
 * The kernel's `inet_select_addr`: the device's first primary address in the subnet of `towards`,
 * else its first primary address, else the first primary address of any other interface.
 */
export function selectAddress(node: NetworkNode, device: string, towards: Ipv4): Ipv4 | undefined {
    const iface = node.interfaces.get(device);
    const primaries = iface ? primaryAddresses(iface) : [];
    const match = towards === 0 ? undefined
        : primaries.find((entry) => networkOf(entry.address, entry.length) === networkOf(towards, entry.length));
    if (match ?? primaries[0]) return (match ?? primaries[0]).address;
    for (const other of node.model.interfaces) {
        const first = primaryAddresses(other)[0];
        if (first) return first.address;
    }
    return undefined;
}

type SourceCheck = { readonly ok: true; readonly onLink: boolean } | { readonly ok: false; readonly stop: Stop };

/**
 * The kernel's `fib_validate_source`: reverse-path filtering of a packet's source on input, and
 * whether the source is directly on the incoming link (which decides redirects). `outDevice` is
 * the interface the packet would be forwarded on (undefined for local delivery).
 */
export function validateSource(node: NetworkNode, device: string, source: Ipv4, outDevice: string | undefined): SourceCheck {
    const name = node.model.name;
    const mode = node.settings.rpFilter(device);
    const martian: SourceCheck = { ok: false, stop: { kind: 'martian-source', node: name, source } };
    const rpFail = (backRoute?: RouteEntry): SourceCheck => mode === 0 ? { ok: true, onLink: false }
        : { ok: false, stop: { kind: 'rp-filter', node: name, device, source, mode, backRoute } };
    // Without rp_filter, the kernel only looks further when the packet would go back out where it came in.
    if (mode === 0 && (outDevice !== device || !node.settings.sendRedirects(device))) {
        return node.table.locals.has(source) ? martian : { ok: true, onLink: false };
    }
    const back = node.table.lookup(source);
    if (back.kind === 'none') return rpFail();
    if (back.kind !== 'route') return martian;
    // A reject route back fails the kernel's lookup (fib_lookup returns its error), just as no route does.
    if (back.route.type !== 'unicast') return rpFail(back.route);
    if (back.route.device === device) return { ok: true, onLink: !usesGateway(node, back.route) };
    if (!node.interfaces.get(device)?.addresses.length) return rpFail(back.route);
    if (mode === 1) return rpFail(back.route);
    // The second lookup keeps to routes on `device`, but a reject route met on the way ends it.
    const onDevice = node.table.longestMatch(source, (entry) => entry.type !== 'unicast' || entry.device === device);
    return { ok: true, onLink: onDevice !== undefined && onDevice.type === 'unicast' && !usesGateway(node, onDevice) };
}
