import type { InterfaceModel, Ipv4, NodeModel, RouteSpec, RouteType } from '../model/topology.js';
import { broadcastOf, formatIpv4, hasHostBits, networkOf, prefixContains } from '../address/ipv4.js';
import { specialDestination } from '../address/special.js';
import { exactList } from '../model/exact-lists.js';
import { buildPrefixIndex, deepestPrefix, prefixKey, type PrefixIndex } from './prefix-index.js';

/** One route of a node's main table, as the kernel holds it. */
export interface RouteEntry {
    readonly destination: Ipv4;
    readonly length: number;
    readonly type: RouteType;
    readonly gateway?: Ipv4;
    /** The outgoing interface; reject routes (blackhole, unreachable, prohibit) have none. */
    readonly device?: string;
    readonly metric: number;
    /** `kernel` for the connected routes addresses add, `boot` for `ip route add`, a dumped route's own (`bgp`, `static`). */
    readonly proto: string;
    /** `link` for routes without a gateway (the destination is on the link), else `universe`. */
    readonly scope: 'link' | 'universe';
    /** Preferred source address (connected routes have their address here). */
    readonly source?: Ipv4;
    /** The `route` statement this entry came from; undefined for connected routes. */
    readonly spec?: RouteSpec;
    /** Its device is up without carrier (the far end of its cable is down): `ip route` prints `linkdown`; the route is still used. */
    readonly linkdown?: true;
    /** `onlink` (a dumped route's): its gateway was taken as on the device's link, not checked against a subnet. */
    readonly onlink?: true;
    /**
     * A multipath route's nexthops, each with its device. The kernel picks one per flow by a hash with a
     * seed of its own (`fib_multipath_hash_seed`, random at boot), which nothing in a file can
     * predict: the entry's own gateway and device are the first nexthop's, and the simulation takes it.
     */
    readonly nexthops?: readonly EntryNexthop[];
}

/** A multipath route's nexthop as the table holds it. */
export interface EntryNexthop {
    readonly gateway?: Ipv4;
    readonly device: string;
    readonly weight: number;
    readonly onlink?: true;
    readonly linkdown?: true;
}

/** A `route` statement that `ip route add` refuses, with the error it prints. */
export interface RefusedRoute {
    readonly spec: RouteSpec;
    readonly reason: string;
}

/** What a destination resolves to on a node: its own address, a broadcast, a route, or nothing. */
export type Lookup =
    | { readonly kind: 'local'; readonly device: string }
    | { readonly kind: 'broadcast'; readonly device: string }
    | { readonly kind: 'route'; readonly route: RouteEntry }
    | { readonly kind: 'none' };

/** What a socket's `connect()` finds for a destination: as {@link Lookup}, or a route that sends it as multicast. */
export type OutputLookup = Lookup | { readonly kind: 'multicast'; readonly route: RouteEntry };

const LIMITED_BROADCAST = 0xffffffff;
/** Tables with at most this many prefix lengths are looked up by probing each (see {@link RouteTable.complete}). */
const PROBED_LENGTHS = 4;

/**
 * A node's routing state: the local table (its addresses and subnet broadcasts) and the main
 * table. While {@link buildRouteTable} configures it, each `ip route add` looks its gateway up in
 * a table still growing, so lookups probe the prefix lengths it holds one by one; once complete,
 * a {@link PrefixIndex} answers them (a full Internet table at millions of lookups a second), if
 * it holds more than a few lengths.
 */
export class RouteTable {
    /** @param noCarrier the node's interfaces that are up without carrier: routes over them are `linkdown`. */
    constructor(private readonly noCarrier: ReadonlySet<string> = new Set()) {}

    /** Main-table entries in insertion order (connected routes first, then accepted statements). */
    get entries(): readonly RouteEntry[] {
        return this.list;
    }

    private list: RouteEntry[] = [];
    /** Local addresses and the interface that holds each (the first one, if several do). */
    readonly locals = new Map<Ipv4, string>();
    /** Subnet broadcast addresses of primary addresses, with their interface. */
    readonly broadcasts = new Map<Ipv4, string>();
    /** Each prefix's id, by {@link prefixKey}. */
    private readonly ids = new Map<number, number>();
    /** The entries of each prefix, by its id: ordered by metric, then insertion. */
    private byPrefix: RouteEntry[][] = [];
    /** The first of each prefix's entries, by its id: what a lookup without a filter returns, one read away. */
    private best: RouteEntry[] = [];
    /** The prefix lengths the table holds, longest first. */
    private lengths: number[] = [];
    /** Built by {@link complete}; dropped by {@link add}. */
    private index: PrefixIndex | undefined;

    /** Entries in the order `ip route show` prints them. */
    sorted(): RouteEntry[] {
        return [...this.entries].sort(routeOrder);
    }

    /** Routes the kernel would use for `destination` (local table first, then longest prefix, then lowest metric). */
    lookup(destination: Ipv4): Lookup {
        return this.lookupAccepting(destination);
    }

    private lookupAccepting(destination: Ipv4, accept?: (entry: RouteEntry) => boolean): Lookup {
        const local = this.locals.get(destination);
        if (local !== undefined) return { kind: 'local', device: local };
        const broadcast = destination === LIMITED_BROADCAST ? '' : this.broadcasts.get(destination);
        if (broadcast !== undefined) return { kind: 'broadcast', device: broadcast };
        const route = this.longestMatch(destination, accept);
        return route ? { kind: 'route', route } : { kind: 'none' };
    }

    /**
     * `connect()` of a socket bound to `device` (`ping -I IF`, SO_BINDTODEVICE): as {@link outputLookup},
     * but only routes out of `device` count (reject routes still refuse: they have no device to
     * skip); with none, the kernel takes the destination to be on the device's link (measured:
     * it ARPs there, from the device's first address).
     */
    boundLookup(destination: Ipv4, device: string): OutputLookup {
        if (specialDestination(destination) !== undefined) return this.outputLookup(destination);
        const found = this.lookupAccepting(destination, (entry) => entry.type !== 'unicast' || entry.device === device);
        if (found.kind !== 'none') return found;
        return { kind: 'route', route: { destination, length: 32, type: 'unicast', device, metric: 0, proto: 'kernel', scope: 'link' } };
    }

    /**
     * What a packet this node sends itself to `destination` is routed by, as `connect()` finds it
     * (measured, see test/fixtures/kernel-cases/special-targets.net): 0.0.0.0 and 127.0.0.0/8 are
     * the node itself over lo; multicast and 255.255.255.255 need a main-table route like any
     * destination (without one: no route; a reject route refuses them), which then sends them as
     * multicast or broadcast on its device, gateway or not.
     */
    outputLookup(destination: Ipv4): OutputLookup {
        const special = specialDestination(destination);
        if (special === 'this-host' || special === 'loopback') return { kind: 'local', device: 'lo' };
        if (special === undefined) return this.lookup(destination);
        const route = this.longestMatch(destination);
        if (!route) return { kind: 'none' };
        if (route.type !== 'unicast') return { kind: 'route', route };
        return special === 'multicast' ? { kind: 'multicast', route } : { kind: 'broadcast', device: route.device! };
    }

    /**
     * The best main-table entry for `destination` among those `accept` lets through (all, without
     * it): the longest prefix with such an entry, and of its entries the first by metric.
     */
    longestMatch(destination: Ipv4, accept?: (entry: RouteEntry) => boolean): RouteEntry | undefined {
        const index = this.index;
        if (!index) return this.probe(destination, accept ?? (() => true));
        let id = deepestPrefix(index, destination);
        if (!accept) return id < 0 ? undefined : this.best[id];
        for (; id >= 0; id = index.parents[id]) {
            const found = this.byPrefix[id].find(accept);
            if (found) return found;
        }
        return undefined;
    }

    /** Adds an entry (marked `linkdown` over a device without carrier); same-prefix entries stay ordered by metric, then insertion. */
    add(added: RouteEntry): void {
        const entry = this.withCarrier(added);
        this.list.push(entry);
        this.index = undefined;
        const key = prefixKey(entry.destination, entry.length);
        const id = this.ids.get(key);
        if (id === undefined) {
            this.ids.set(key, this.byPrefix.length);
            this.byPrefix.push([entry]);
            this.best.push(entry);
            if (!this.lengths.includes(entry.length)) this.lengths = [...this.lengths, entry.length].sort((a, b) => b - a);
            return;
        }
        const list = this.byPrefix[id];
        const at = list.findIndex((other) => other.metric > entry.metric);
        list.splice(at < 0 ? list.length : at, 0, entry);
        this.best[id] = list[0];
    }

    private withCarrier(entry: RouteEntry): RouteEntry {
        if (entry.nexthops) {
            const nexthops = entry.nexthops.map((hop) => (this.noCarrier.has(hop.device) ? { ...hop, linkdown: true as const } : hop));
            return nexthops.some((hop, index) => hop !== entry.nexthops![index]) ? { ...entry, nexthops } : entry;
        }
        return entry.device !== undefined && this.noCarrier.has(entry.device) ? { ...entry, linkdown: true } : entry;
    }

    /**
     * Indexes the prefixes, once every entry is in (until the next {@link add}), when the table
     * holds more prefix lengths than {@link PROBED_LENGTHS}: with that few, probing each length is
     * as quick, and a host's table is smaller without its index's two typed arrays. Its lists are made
     * {@link exactList}s: a table is kept for as long as its file is open.
     */
    complete(): void {
        this.list = exactList(this.list);
        this.byPrefix = exactList(this.byPrefix);
        this.best = exactList(this.best);
        this.lengths = exactList(this.lengths);
        this.index = this.lengths.length > PROBED_LENGTHS ? buildPrefixIndex(this.ids) : undefined;
    }

    /** Whether an entry with this destination, prefix length and metric exists (`File exists`). */
    has(destination: Ipv4, length: number, metric: number): boolean {
        return this.entriesOf(destination, length)?.some((entry) => entry.metric === metric) ?? false;
    }

    /** The entries of one prefix, by metric then insertion (none if the table holds no route to it). */
    prefixEntries(destination: Ipv4, length: number): readonly RouteEntry[] {
        return this.entriesOf(destination, length) ?? [];
    }

    /** Bytes the index takes (the benchmark's figure), 0 before {@link complete} or without one. */
    get indexBytes(): number {
        const index = this.index;
        return index ? index.intervals.byteLength + index.blocks.byteLength + index.parents.byteLength : 0;
    }

    /** The lookup of a table being configured: each length it holds, longest first. */
    private probe(destination: Ipv4, accept: (entry: RouteEntry) => boolean): RouteEntry | undefined {
        for (const length of this.lengths) {
            const found = this.entriesOf(networkOf(destination, length), length)?.find(accept);
            if (found) return found;
        }
        return undefined;
    }

    private entriesOf(destination: Ipv4, length: number): RouteEntry[] | undefined {
        const id = this.ids.get(prefixKey(destination, length));
        return id === undefined ? undefined : this.byPrefix[id];
    }
}

/** `ip route show`'s order: by destination address, then longer prefix first, then lower metric first. */
export function routeOrder(a: RouteEntry, b: RouteEntry): number {
    return a.destination - b.destination || b.length - a.length || a.metric - b.metric;
}

/** The result of configuring a node: its table and the statements the kernel refused. */
export interface BuiltRouteTable {
    readonly table: RouteTable;
    readonly refused: RefusedRoute[];
}

/**
 * Configures a node as `ip addr add` and `ip route add` would, in file order: addresses first
 * (with their connected routes), then each `route` statement, refusing what the kernel refuses.
 * `noCarrier` names its interfaces that are up without carrier.
 */
export function buildRouteTable(node: NodeModel, noCarrier?: ReadonlySet<string>): BuiltRouteTable {
    const table = new RouteTable(noCarrier);
    for (const iface of node.interfaces) addAddresses(table, iface);
    const refused: RefusedRoute[] = [];
    for (const spec of node.routes) {
        const result = spec.dumped?.proto === 'kernel' ? connectedRefusal(table, node, spec) : installRoute(table, node, spec);
        if (typeof result === 'string') refused.push({ spec, reason: result });
    }
    table.complete();
    return { table, refused };
}

/** The primary addresses of an interface: those not in the subnet of an earlier address with the same length. */
export function primaryAddresses(iface: InterfaceModel): InterfaceModel['addresses'] {
    return iface.addresses.filter(
        (address, index) =>
            !iface.addresses
                .slice(0, index)
                .some(
                    (earlier) => earlier.length === address.length && networkOf(earlier.address, earlier.length) === networkOf(address.address, address.length)
                )
    );
}

/** Which of `addresses` the table sends along `entry` (its lookup picks that entry), in address order. */
export function carriedBy(table: RouteTable, entry: RouteEntry, addresses: Iterable<Ipv4>): Ipv4[] {
    const prefix = { address: entry.destination, length: entry.length };
    return [...addresses]
        .filter((address) => {
            if (!prefixContains(prefix, address)) return false;
            const lookup = table.lookup(address);
            return lookup.kind === 'route' && lookup.route === entry;
        })
        .sort((a, b) => a - b);
}

/**
 * An interface's addresses: each local to the node; its primary ones' broadcasts and connected
 * routes only while it is up (measured: `ip link set IF down` keeps the local table's `local` entry,
 * and removes the broadcast one and the connected route).
 */
function addAddresses(table: RouteTable, iface: InterfaceModel): void {
    for (const { address } of iface.addresses) {
        if (!table.locals.has(address)) table.locals.set(address, iface.name);
    }
    if (iface.down) return;
    for (const { address, length } of primaryAddresses(iface)) {
        const network = networkOf(address, length);
        if (length < 31 && !table.broadcasts.has(broadcastOf(address, length))) {
            table.broadcasts.set(broadcastOf(address, length), iface.name);
        }
        // A /32 address adds no prefix route; neither does a 0.0.0.0/8 one.
        if (length === 32 || network >>> 24 === 0) continue;
        table.add({
            destination: network,
            length,
            type: 'unicast',
            device: iface.name,
            metric: 0,
            proto: 'kernel',
            scope: 'link',
            source: address
        });
    }
}

/**
 * A dumped connected route (`proto kernel scope link src ADDR`): one of the node's addresses made
 * it on the real machine, so one of the file's must make it here, as the table already holds it
 * (prefix, device, source and metric); it is not added twice. The error says which address is missing.
 */
function connectedRefusal(table: RouteTable, node: NodeModel, spec: RouteSpec): string | undefined {
    const { destination, device, metric } = spec;
    const source = spec.dumped?.source;
    const same = table.prefixEntries(destination.address, destination.length).find((entry) => entry.proto === 'kernel' && entry.device === device);
    if (same && same.source === source && same.metric === metric) return undefined;
    const where = `${node.name}${device === undefined ? '' : `.${device}`}`;
    if (same && same.source === source) {
        return `a connected route with metric ${metric}: the addresses of a .net file add their connected routes with metric 0 (${where} has it with 0)`;
    }
    if (source === undefined || device === undefined) return 'a connected route (proto kernel) names its device and its source address (dev IF … src ADDR)';
    return `no address of ${node.name} makes this connected route: ${where} needs the address ${formatIpv4(source)}/${destination.length} (proto kernel routes come from addresses, not from ip route add)`;
}

/** Installs a statement, or returns the error `ip route add` would print. */
function installRoute(table: RouteTable, node: NodeModel, spec: RouteSpec): RouteEntry | string {
    const entry = routeEntry(table, node, spec);
    if (typeof entry !== 'string') table.add(entry);
    return entry;
}

/** The error `ip route add` would print for this statement on a node with this table, or undefined if it would take it. */
export function routeRefusal(table: RouteTable, node: NodeModel, spec: RouteSpec): string | undefined {
    const entry = routeEntry(table, node, spec);
    return typeof entry === 'string' ? entry : undefined;
}

/** The entry a statement would add to the table, or the error `ip route add` would print. */
function routeEntry(table: RouteTable, node: NodeModel, spec: RouteSpec): RouteEntry | string {
    if (spec.device !== undefined && !node.interfaces.some((iface) => iface.name === spec.device)) return `Cannot find device "${spec.device}"`;
    if (hasHostBits(spec.destination)) return 'Error: Invalid prefix for given prefix length.';
    const destination = spec.destination.address;
    const length = spec.destination.length;
    let entry: RouteEntry;
    if (spec.type !== 'unicast') {
        if (spec.gateway !== undefined || spec.device !== undefined) {
            return 'Error: Gateway, device and multipath can not be specified for this route type.';
        }
        entry = { destination, length, type: spec.type, metric: spec.metric, proto: 'boot', scope: 'universe', spec };
    } else if (spec.dumped?.nexthops) {
        const nexthops: EntryNexthop[] = [];
        for (const hop of spec.dumped.nexthops) {
            const resolved = nexthop(table, node, hop.gateway, hop.device, hop.onlink);
            if (typeof resolved === 'string') return resolved;
            nexthops.push({ ...resolved, weight: hop.weight, ...(hop.onlink && { onlink: true as const }) });
        }
        const { gateway, device } = nexthops[0];
        entry = { destination, length, type: 'unicast', gateway, device, metric: spec.metric, proto: 'boot', scope: 'universe', spec, nexthops };
    } else {
        const resolved = nexthop(table, node, spec.gateway, spec.device, spec.dumped?.onlink);
        if (typeof resolved === 'string') return resolved;
        const scope = resolved.gateway === undefined ? 'link' : 'universe';
        const onlink = spec.dumped?.onlink && { onlink: true as const };
        entry = { destination, length, type: 'unicast', ...resolved, metric: spec.metric, proto: 'boot', scope, spec, ...onlink };
    }
    if (table.has(destination, length, spec.metric)) return 'RTNETLINK answers: File exists';
    return withDumped(table, entry, spec);
}

/** A dumped route's `proto` and `src` (which must be one of the node's addresses). */
function withDumped(table: RouteTable, entry: RouteEntry, spec: RouteSpec): RouteEntry | string {
    const dumped = spec.dumped;
    if (!dumped) return entry;
    if (dumped.source !== undefined && !table.locals.has(dumped.source)) return 'Error: Invalid prefsrc address.';
    return { ...entry, ...(dumped.proto !== undefined && { proto: dumped.proto }), ...(dumped.source !== undefined && { source: dumped.source }) };
}

/**
 * A nexthop as the kernel checks it (one route's, or each of a multipath route's): its gateway must
 * be reachable on a link ({@link gatewayDevice}) unless `onlink` says so, which needs a device that is up.
 */
function nexthop(
    table: RouteTable,
    node: NodeModel,
    gateway: Ipv4 | undefined,
    named: string | undefined,
    onlink: boolean | undefined
): { gateway?: Ipv4; device: string } | string {
    if (named !== undefined && !node.interfaces.some((iface) => iface.name === named)) return `Cannot find device "${named}"`;
    if (gateway === undefined) {
        // Reported by the validator as a syntax problem on a written route; never installed.
        if (named === undefined) return 'a route needs "via GATEWAY" or "dev IFNAME"';
        // With a gateway, a down device fails the gateway check below (it has no connected route).
        if (node.interfaces.find((iface) => iface.name === named)?.down) return 'Error: Device for nexthop is not up.';
        return { device: named };
    }
    if (onlink) {
        if (named === undefined) return 'Error: Nexthop device required for onlink.';
        if (node.interfaces.find((iface) => iface.name === named)?.down) return 'Error: Nexthop device is not up.';
        return { gateway, device: named };
    }
    const device = gatewayDevice(table, gateway, named);
    if (device === undefined) return 'Error: Nexthop has invalid gateway.';
    // Measured: a gateway that is the node's own address on a down interface (its other routes are gone).
    if (node.interfaces.find((iface) => iface.name === device)?.down) return 'RTNETLINK answers: Network is down';
    return { gateway, device };
}

/**
 * The interface a gateway is reached through, as the kernel checks a new nexthop: the gateway
 * must be a local address or lie in a route of scope link (connected, or `dev` without `via`),
 * on `device` if one is given. Routes via other gateways and reject routes do not count.
 */
function gatewayDevice(table: RouteTable, gateway: Ipv4, device: string | undefined): string | undefined {
    const local = table.locals.get(gateway);
    if (local !== undefined && (device === undefined || device === local)) return local;
    if (table.broadcasts.has(gateway) || gateway === LIMITED_BROADCAST) return undefined;
    const route = table.longestMatch(
        gateway,
        (entry) => entry.scope === 'link' && entry.type === 'unicast' && (device === undefined || entry.device === device)
    );
    return route?.device;
}
