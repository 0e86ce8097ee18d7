import type { Ipv4, MasqueradeRule } from '../model/topology.js';
import { networkOf } from '../address/ipv4.js';
import { ConnectionTracker, reverseMasquerade, type Tracked } from './conntrack.js';
import { runChain, type FilterDecision } from './filter.js';
import { masquerade, masqueradeRule } from './nat.js';
import { KernelMemory } from './kernel-memory.js';
import { downInterface, holdersOnSegment, type Network, type NetworkNode, type NodePort } from './network.js';
import type { IcmpErrorType, Packet, Stop, TraceStep, Translation } from './packet.js';
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
    /** The packet it is about, as the node had it (after its own MASQUERADE): the error goes to its source. */
    readonly about: Packet;
    /** The error's source when the kernel takes the packet's own destination (a REJECT of a packet for a local address). */
    readonly src?: Ipv4;
}

/** What a node's netfilter did to a packet before it leaves: conntrack's view, the filter chain's verdict, rewrites so far. */
interface Netfilter {
    readonly tracked?: Tracked;
    /** Set once the node's filter chain has run. */
    filter?: FilterDecision;
    readonly translations: Translation[];
    /** The packet as it reached the node, before conntrack reversed a translation (what the step shows). */
    readonly arrived: Packet;
}

/** A redirect a router sends to the source of a packet it forwarded back out of the interface it came in on. */
export interface PendingRedirect {
    readonly node: NetworkNode;
    readonly packet: Packet;
    readonly gateway: Ipv4;
}

/** The TTL of packets the nodes generate (`net.ipv4.ip_default_ttl`). */
export const DEFAULT_TTL = 64;

export const isLoopback = (address: Ipv4) => address >>> 24 === 127;

/**
 * The kernel's IPv4 input, forwarding and output paths, applied to one packet at a time over a
 * compiled {@link Network}. Every step is recorded in {@link steps}; redirects sent on the way are
 * collected in {@link redirects} (as the kernel's rate limit allows: at most one per router and
 * source for a packet). Conntrack and the {@link KernelMemory} last as long as the instance: one
 * for each ping, whatever its count.
 */
export class Forwarding {
    readonly steps: TraceStep[] = [];
    readonly redirects: PendingRedirect[] = [];
    readonly memory = new KernelMemory();
    private readonly conntrack = new ConnectionTracker();

    constructor(private readonly network: Network) {}

    /**
     * Sends a packet the node generated itself, after the caller has looked up `route` for it: the
     * OUTPUT chain, then out. A packet OUTPUT drops or rejects stops at the node; what a REJECT
     * then sends the node itself is the caller's (see `refusedByPinger` in ping.ts).
     */
    send(node: NetworkNode, packet: Packet, route: RouteEntry, translations: Translation[] = []): Journey {
        const firewall = node.firewall;
        if (!firewall) return this.transmit(node, packet, route, 'send', undefined, undefined);
        const tracked = this.conntrack.track(node.model.name, packet);
        const filter = runChain(node.model.name, firewall, 'output', { src: packet.src, dst: packet.dst, out: route.device, state: tracked.state });
        const netfilter: Netfilter = { tracked, filter, translations, arrived: packet };
        if (filter.verdict !== 'accept') {
            const stop: Stop = { kind: 'filtered', node: node.model.name, decision: filter };
            this.steps.push(step(packet, node, 'drop', undefined, { stop }, netfilter));
            return { kind: 'stopped', stop };
        }
        return this.transmit(node, packet, route, 'send', undefined, netfilter);
    }

    /**
     * A packet a node sends to one of its own addresses, over `lo`: its OUTPUT chain (`-o lo`), then
     * its INPUT chain (`-i lo`), one conntrack entry for both, as for any packet. Records the step;
     * returns the decision that stopped the packet, if one did.
     */
    loopback(node: NetworkNode, packet: Packet): { readonly chain: 'output' | 'input'; readonly decision: FilterDecision } | undefined {
        const firewall = node.firewall;
        if (!firewall) {
            this.steps.push(step(packet, node, 'deliver', 'lo', undefined));
            return undefined;
        }
        const tracked = this.conntrack.track(node.model.name, packet);
        const output = runChain(node.model.name, firewall, 'output', { src: packet.src, dst: packet.dst, out: 'lo', state: tracked.state });
        const input =
            output.verdict === 'accept'
                ? runChain(node.model.name, firewall, 'input', { src: packet.src, dst: packet.dst, in: 'lo', state: tracked.state })
                : undefined;
        const decision = input ?? output;
        const netfilter: Netfilter = { tracked, filter: decision, translations: [], arrived: packet };
        if (decision.verdict === 'accept') {
            this.steps.push(step(packet, node, 'deliver', 'lo', undefined, netfilter));
            return undefined;
        }
        this.steps.push(step(packet, node, 'drop', 'lo', { stop: { kind: 'filtered', node: node.model.name, decision } }, netfilter));
        return { chain: input ? 'input' : 'output', decision };
    }

    /**
     * Originates a packet from `node` (an echo reply, an ICMP error or a redirect): routes it, picks
     * its source address unless given, and follows it. Without a usable route it stops at `node`.
     */
    originate(node: NetworkNode, packet: Omit<Packet, 'src'> & { src?: Ipv4 }): Journey {
        let fields: Packet = { kind: packet.kind, src: packet.src ?? 0, dst: packet.dst, ttl: packet.ttl, inner: packet.inner };
        // An error about a packet this node masqueraded goes back untranslated (conntrack's reply translation):
        // to the original source, from the address it was masqueraded to.
        const translations: Translation[] = [];
        const back = node.firewall && packet.inner ? reverseMasquerade(this.conntrack.track(node.model.name, fields), fields) : undefined;
        if (back === 'drop') {
            const stop: Stop = { kind: 'nat-redirect', node: node.model.name };
            this.steps.push(step(fields, node, 'drop', undefined, { stop }));
            return { kind: 'stopped', stop };
        }
        if (back) {
            translations.push(reversal(node, fields, back));
            fields = { ...back.packet, src: packet.src ?? packet.dst };
            packet = fields;
        }
        const lookup = node.table.lookup(fields.dst);
        if (lookup.kind === 'local') {
            return this.deliver(node, { ...fields, src: packet.src ?? packet.dst }, undefined, false);
        }
        if (lookup.kind !== 'route' || lookup.route.type !== 'unicast') {
            const stop: Stop =
                lookup.kind === 'route' ? { kind: 'reject-route', node: node.model.name, route: lookup.route } : noRoute(this.network, node, packet.dst);
            this.steps.push(step(fields, node, 'drop', undefined, { stop }));
            return { kind: 'stopped', stop };
        }
        const src = packet.src ?? sourceAddress(node, lookup.route) ?? 0;
        return this.send(node, { ...fields, src }, lookup.route, translations);
    }

    /**
     * Puts a packet on the wire towards the route's next hop (resolved with ARP), and records the
     * step: after the nat table's POSTROUTING (MASQUERADE of a new connection), and across the
     * host's FORWARD chain when the next hop is on another port of the same bridge.
     */
    private transmit(
        node: NetworkNode,
        packet: Packet,
        route: RouteEntry,
        action: 'send' | 'forward',
        inDevice: string | undefined,
        netfilter: Netfilter | undefined
    ): Journey {
        const device = route.device!;
        const gateway = usesGateway(node, route) ? route.gateway! : packet.dst;
        const nextHop = (gateway !== packet.dst && this.memory.redirectedNextHop(node.model.name, packet.dst, gateway)) || gateway;
        const local = node.table.locals.has(packet.src);
        const out = netfilter?.tracked ? this.postrouting(node, packet, device, nextHop, netfilter) : packet;
        const sender = node.table.locals.has(out.src) ? out.src : (selectAddress(node, device, nextHop) ?? 0);
        const answer = arpAnswer(this.network, node, device, nextHop, sender);
        this.steps.push(
            step(
                netfilter?.arrived ?? packet,
                node,
                action,
                inDevice,
                {
                    route,
                    outDevice: device,
                    nextHop,
                    arp: answer ? { node: answer.node.model.name, device: answer.device } : 'failed'
                },
                netfilter
            )
        );
        if (!answer) {
            const down = downInterface(this.network, node, nextHop, device);
            const stop: Stop = { kind: 'arp-failed', node: node.model.name, device, nextHop, ...(down && { down }) };
            return { kind: 'stopped', stop, error: this.errorFor(out, node, 'Destination Host Unreachable', true, local) };
        }
        this.resolved(node, device, answer, nextHop, sender);
        const bridged = this.acrossBridge(node, device, answer, out);
        return 'kind' in bridged ? bridged : this.receive(answer.node, answer.device, bridged.packet);
    }

    /** A neighbour resolved: both ends know each other from then on (the asked node learns the asker from the request). */
    private resolved(node: NetworkNode, device: string, answer: NodePort, nextHop: Ipv4, sender: Ipv4): void {
        this.memory.learn(node.model.name, device, nextHop);
        this.memory.learn(answer.node.model.name, answer.device, sender);
    }

    /**
     * The ARP exchange a node starts for an address it was told of (a redirect's new gateway):
     * whether the address answered, learning it if so.
     */
    resolve(node: NetworkNode, device: string, address: Ipv4, sender: Ipv4): boolean {
        const answer = arpAnswer(this.network, node, device, address, sender);
        if (answer) this.resolved(node, device, answer, address, sender);
        return answer !== undefined;
    }

    /**
     * A packet the node sends to a broadcast address of one of its subnets (`ping -b`): the OUTPUT
     * chain, then one copy for each of `receivers` (the other nodes on the segment that take it as a
     * broadcast), with no ARP. Returns where each copy ended, or the pinger's own stop.
     */
    sendBroadcast(node: NetworkNode, packet: Packet, device: string, receivers: readonly NodePort[]): Journey[] {
        const firewall = node.firewall;
        const tracked = firewall && this.conntrack.track(node.model.name, packet);
        const filter = firewall && runChain(node.model.name, firewall, 'output', { src: packet.src, dst: packet.dst, out: device, state: tracked!.state });
        const netfilter: Netfilter | undefined = tracked && { tracked, filter, translations: [], arrived: packet };
        if (filter && filter.verdict !== 'accept') {
            const stop: Stop = { kind: 'filtered', node: node.model.name, decision: filter };
            this.steps.push(step(packet, node, 'drop', undefined, { stop }, netfilter));
            return [{ kind: 'stopped', stop }];
        }
        this.steps.push(step(packet, node, 'send', undefined, { outDevice: device, nextHop: packet.dst }, netfilter));
        return receivers.map((port) => this.receive(port.node, port.device, packet));
    }

    /**
     * The nat table's POSTROUTING: MASQUERADE gives a new connection the address the kernel would pick
     * for the next hop; the later requests of a connection already masqueraded (`ping -c N`) get the
     * same address without the nat table being asked again.
     */
    private postrouting(node: NetworkNode, packet: Packet, device: string, nextHop: Ipv4, netfilter: Netfilter): Packet {
        const tracked = netfilter.tracked!;
        // The connection's own packets, not an ICMP error about one (conntrack's `related` has its own reversal).
        const bound = tracked.direction === 'original' && tracked.state !== 'related' ? tracked.connection?.masquerade : undefined;
        if (bound) {
            netfilter.translations.push({ node: node.model.name, kind: 'masquerade', field: 'src', from: packet.src, to: bound.address, rule: bound.rule });
            return { ...packet, src: bound.address };
        }
        const rule = masqueradeRule(node.firewall!, tracked, packet, device);
        if (!rule) return packet;
        const address = selectAddress(node, device, nextHop) ?? 0;
        masquerade(netfilter.tracked!, rule, address);
        netfilter.translations.push({ node: node.model.name, kind: 'masquerade', field: 'src', from: packet.src, to: address, rule });
        return { ...packet, src: address };
    }

    /**
     * A packet bridged from one port of a bridge to another: with bridge-nf-call-iptables, the
     * bridge's host runs its FORWARD chain on it (`-i` and `-o` the bridge) and its nat POSTROUTING.
     */
    private acrossBridge(node: NetworkNode, device: string, answer: { node: NetworkNode; device: string }, packet: Packet): { packet: Packet } | Journey {
        const link = node.interfaces.get(device)?.link;
        if (link?.kind !== 'bridge' || answer.node.interfaces.get(answer.device)?.link?.kind !== 'bridge') return { packet };
        const host = this.network.nodes.get(link.node);
        if (!host?.firewall || !host.settings.bridgeNfCallIptables) return { packet };
        const tracked = this.conntrack.track(host.model.name, packet);
        const filter = runChain(host.model.name, host.firewall, 'forward', {
            src: packet.src,
            dst: packet.dst,
            in: link.bridge,
            out: link.bridge,
            state: tracked.state
        });
        const netfilter: Netfilter = { tracked, filter, translations: [], arrived: packet };
        if (filter.verdict !== 'accept') {
            const stop: Stop = { kind: 'filtered', node: host.model.name, decision: filter };
            const error = filter.verdict === 'reject' ? this.errorFor(packet, host, 'Destination Port Unreachable') : undefined;
            this.steps.push({ ...step(packet, host, error ? 'error' : 'drop', link.bridge, { stop }, netfilter), bridge: link.bridge });
            return { kind: 'stopped', stop, error };
        }
        const out = this.postrouting(host, packet, link.bridge, packet.dst, netfilter);
        this.steps.push({ ...step(packet, host, 'forward', link.bridge, { outDevice: link.bridge }, netfilter), bridge: link.bridge });
        return { packet: out };
    }

    /** The input path of a node for a packet that arrived on `device`. */
    private receive(node: NetworkNode, device: string, arrived: Packet): Journey {
        const name = node.model.name;
        const netfilter = this.prerouting(node, arrived);
        const packet = netfilter?.packet ?? arrived;
        const drop = (stop: Stop, error?: PendingError): Journey => {
            this.steps.push(step(arrived, node, error ? 'error' : 'drop', device, { stop }, netfilter));
            return { kind: 'stopped', stop, error };
        };
        if (netfilter?.redirectDropped) return drop({ kind: 'nat-redirect', node: name });
        /** A filter chain's verdict: undefined to go on, else the drop (REJECT answers Destination Port Unreachable). */
        const filtered = (chain: 'input' | 'forward', out: string | undefined): Journey | undefined => {
            if (!netfilter) return undefined;
            const decision = runChain(name, node.firewall!, chain, { src: packet.src, dst: packet.dst, in: device, out, state: netfilter.tracked!.state });
            netfilter.filter = decision;
            if (decision.verdict === 'accept') return undefined;
            const error =
                decision.verdict === 'reject'
                    ? this.errorFor(packet, node, 'Destination Port Unreachable', false, false, chain === 'input' ? packet.dst : undefined)
                    : undefined;
            return drop({ kind: 'filtered', node: name, decision }, error);
        };
        if (isLoopback(packet.dst)) return drop({ kind: 'martian-destination', node: name });
        const lookup = node.table.lookup(packet.dst);
        if (lookup.kind === 'local' || lookup.kind === 'broadcast') {
            const check = validateSource(node, device, packet.src, undefined);
            if (!check.ok) return drop(check.stop);
            return filtered('input', undefined) ?? this.deliver(node, packet, device, lookup.kind === 'broadcast', netfilter);
        }
        if (!node.settings.forwards(device)) return drop({ kind: 'ip-forward-off', node: name, device, setting: forwardingSetting(node, device) });
        if (lookup.kind === 'none') {
            return drop(noRoute(this.network, node, packet.dst), this.errorFor(packet, node, 'Destination Net Unreachable'));
        }
        const route = lookup.route;
        if (route.type !== 'unicast') {
            const type: IcmpErrorType | undefined =
                route.type === 'unreachable' ? 'Destination Host Unreachable' : route.type === 'prohibit' ? 'Packet filtered' : undefined;
            return drop({ kind: 'reject-route', node: name, route }, type && this.errorFor(packet, node, type));
        }
        const check = validateSource(node, device, packet.src, route.device);
        if (!check.ok) return drop(check.stop);
        // br_netfilter's "bridged DNAT": a packet that came in from a port of this node's bridge and
        // that conntrack readdressed (a reply to a connection masqueraded on the bridge) to a host
        // behind the same bridge is bridged back out, not routed: no TTL decrement, no redirect.
        const bridgedBack =
            netfilter !== undefined &&
            packet.dst !== arrived.dst &&
            device === route.device &&
            node.interfaces.get(device)?.bridge === true &&
            node.settings.bridgeNfCallIptables;
        const hop = bridgedBack ? 0 : 1;
        if (hop && packet.ttl <= 1) return drop({ kind: 'ttl-exceeded', node: name }, this.errorFor(packet, node, 'Time to live exceeded'));
        // Measured: a node with a nat rule (connection tracking and NAT in its namespace) sends no redirects at all.
        const redirects = node.settings.sendRedirects(device) && node.model.nat.length === 0;
        if (hop && device === route.device && check.onLink && redirects) this.redirect(node, packet, route);
        const denied = filtered('forward', route.device);
        if (denied) return denied;
        return this.transmit(
            node,
            { ...packet, ttl: packet.ttl - hop },
            route,
            'forward',
            device,
            netfilter && { ...netfilter, arrived: { ...arrived, ttl: arrived.ttl - hop } }
        );
    }

    /** Conntrack at PREROUTING, on a node with a firewall: the packet's state, and the reversal of its connection's MASQUERADE. */
    private prerouting(node: NetworkNode, packet: Packet): (Netfilter & { packet: Packet; redirectDropped: boolean }) | undefined {
        if (!node.firewall) return undefined;
        const tracked = this.conntrack.track(node.model.name, packet);
        const back = reverseMasquerade(tracked, packet);
        const reversed = back === 'drop' ? undefined : back;
        return {
            tracked,
            translations: reversed ? [reversal(node, packet, reversed)] : [],
            arrived: packet,
            packet: reversed?.packet ?? packet,
            redirectDropped: back === 'drop'
        };
    }

    private deliver(node: NetworkNode, packet: Packet, device: string | undefined, broadcast: boolean, netfilter?: Netfilter): Journey {
        this.steps.push(step(netfilter?.arrived ?? packet, node, 'deliver', device, undefined, netfilter));
        return { kind: 'delivered', node, broadcast, packet };
    }

    /** ICMP errors are never sent about ICMP errors (redirects included). */
    private errorFor(packet: Packet, node: NetworkNode, type: IcmpErrorType, delayed = false, local = false, src?: Ipv4): PendingError | undefined {
        if (packet.kind === 'icmp-error' || packet.kind === 'redirect') return undefined;
        return { node, type, delayed, local, about: packet, ...(src !== undefined && { src }) };
    }

    private redirect(node: NetworkNode, packet: Packet, route: RouteEntry): void {
        if (packet.kind === 'icmp-error' || packet.kind === 'redirect' || !this.memory.mayRedirect(node.model.name, packet.src)) return;
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

/** The stop of a packet `node` has no route for, naming the down interface whose connected route it lost, if any. */
export function noRoute(network: Network, node: NetworkNode, destination: Ipv4): Extract<Stop, { kind: 'no-route' }> {
    const down = downInterface(network, node, destination);
    return { kind: 'no-route', node: node.model.name, destination, ...(down && { down }) };
}

/**
 * A trace step for `packet` at `node` (a literal, not spreads: this runs for every hop of every
 * simulated packet); on a node with a firewall, with its filter verdict and translations.
 */
function step(
    packet: Packet,
    node: NetworkNode,
    action: TraceStep['action'],
    inDevice: string | undefined,
    more: Pick<TraceStep, 'route' | 'outDevice' | 'nextHop' | 'arp' | 'stop'> | undefined,
    netfilter?: Netfilter
): TraceStep {
    // One object of one shape, netfilter's fields included (undefined without it): a trace's steps stay cheap to make and read.
    return {
        packet: packet.kind,
        node: node.model.name,
        src: packet.src,
        dst: packet.dst,
        ttl: packet.ttl,
        action,
        inDevice,
        outDevice: more?.outDevice,
        nextHop: more?.nextHop,
        route: more?.route,
        arp: more?.arp,
        stop: more?.stop,
        filter: netfilter?.filter,
        translations: netfilter?.translations.length ? netfilter.translations.slice() : undefined
    };
}

/** Conntrack's reversal of a packet's translation at `node`, as a trace records it. */
function reversal(node: NetworkNode, before: Packet, after: { packet: Packet; rule: MasqueradeRule }): Translation {
    return { node: node.model.name, kind: 'reverse', field: 'dst', from: before.dst, to: after.packet.dst, rule: after.rule };
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
    const match = towards === 0 ? undefined : primaries.find((entry) => networkOf(entry.address, entry.length) === networkOf(towards, entry.length));
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
    const rpFail = (backRoute?: RouteEntry): SourceCheck =>
        mode === 0 ? { ok: true, onLink: false } : { ok: false, stop: { kind: 'rp-filter', node: name, device, source, mode, backRoute } };
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
