/**
 * The topology model: plain data built from a `.net` file, with no Langium types, so that
 * the engine, the CLI, the language server and the webview can all share (and serialize) it.
 */

import type { Ipv4, Prefix } from '../address/ipv4.js';

export type { Ipv4, Prefix };

/** An address with its prefix length, as `ip addr add 192.168.1.5/24` takes it. */
export type InterfaceAddress = Prefix;

export interface Topology {
    readonly switches: readonly SwitchModel[];
    /** Hosts and routers in declaration order. */
    readonly nodes: readonly NodeModel[];
    readonly pings: readonly PingModel[];
    /** The `defaults { sysctl ... }` lines in file order (absent when the file has none). */
    readonly defaults?: readonly SysctlAssignment[];
}

/** An L2 segment: a physical switch or a Linux bridge. */
export interface SwitchModel {
    readonly name: string;
    /** The subnet the user intends for the segment, if given. */
    readonly prefix?: Prefix;
}

export type NodeKind = 'host' | 'router';

/** A machine with its own network stack (a Linux box or a network namespace). */
export interface NodeModel {
    readonly name: string;
    /** `router` starts with `ip_forward` 1, `host` with 0. */
    readonly kind: NodeKind;
    readonly interfaces: readonly InterfaceModel[];
    /** Routes as written, in file order, including those the kernel will refuse. */
    readonly routes: readonly RouteSpec[];
    /** The lab's defaults (marked `fromDefaults`), then the node's own sysctl lines as written, in file order. */
    readonly sysctls: readonly SysctlAssignment[];
    /** `nat masquerade` lines: the `-t nat POSTROUTING` chain, in file order. */
    readonly nat: readonly MasqueradeRule[];
    /** `filter CHAIN ACTION ...` lines (not the policies), every chain's in file order: `iptables -A`. */
    readonly filters: readonly FilterRule[];
    /** `filter CHAIN policy ...` lines in file order (`iptables -P`): the last one of a chain wins; the default is accept. */
    readonly policies: readonly FilterPolicy[];
    /** `hosts NAME ADDR` lines: the node's /etc/hosts, in file order (of two lines for a name, the first wins). */
    readonly hosts: readonly NameRecord[];
    /** `nameserver ADDR` lines: its resolv.conf's nameservers, asked in order. */
    readonly nameservers: readonly Ipv4[];
    /** `dns NAME ADDR` lines: the records it serves on UDP port 53 (authoritative: NXDOMAIN for any other name). */
    readonly dns: readonly NameRecord[];
}

/** A node with nothing in it but what `parts` gives: the one place that lists a node's every part. */
export function emptyNode(name: string, kind: NodeKind, parts: Partial<NodeModel> = {}): NodeModel {
    return { name, kind, interfaces: [], routes: [], sysctls: [], nat: [], filters: [], policies: [], hosts: [], nameservers: [], dns: [], ...parts };
}

/** A name and its address: a `hosts` line or a `dns` record. */
export interface NameRecord {
    readonly name: string;
    readonly address: Ipv4;
}

/**
 * Where the other end of an interface's cable goes. `bridge` is `-- NODE.BRIDGE`: a veth pair whose
 * other end is a port (no address, no route, no name in the model) of NODE's bridge BRIDGE.
 */
export type LinkEnd =
    | { readonly kind: 'switch'; readonly switch: string }
    | { readonly kind: 'peer'; readonly node: string; readonly interface: string }
    | { readonly kind: 'bridge'; readonly node: string; readonly bridge: string };

export interface InterfaceModel {
    readonly node: string;
    readonly name: string;
    /** In declaration order; the first one is the primary address. */
    readonly addresses: readonly InterfaceAddress[];
    /**
     * Undefined for an interface that is up but alone on its segment, and for a bridge (which other
     * nodes' interfaces link to with a `bridge` {@link LinkEnd}).
     */
    readonly link?: LinkEnd;
    /**
     * True for `bridge NAME` (`ip link add NAME type bridge`): one of the node's interfaces, in file
     * order among them, with carrier even without ports. Absent on plain interfaces.
     */
    readonly bridge?: true;
    /**
     * True for a line ending in `down`: the interface as `ip link set IF down` leaves it (its
     * addresses stay local to the node, but it has no routes, sends and receives nothing). Absent when up.
     */
    readonly down?: true;
}

export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

/** A `route` statement: what would be given to `ip route add`. */
export interface RouteSpec {
    readonly destination: Prefix;
    readonly type: RouteType;
    readonly gateway?: Ipv4;
    readonly device?: string;
    readonly metric: number;
    /** The route in `ip route add` words (without `ip route add`), for messages and scripts; a route file's, its line as the file has it. */
    readonly text: string;
    /**
     * Set on the routes of a `routes from` file (route-dump.ts), absent on written ones: `ip route
     * show`'s `proto` when not `boot`, `src`, `onlink`, multipath nexthops, and the words that change
     * no lookup (`mtu 1400`), kept to be printed back as `ip route show` printed them.
     */
    readonly dumped?: DumpedRoute;
}

/** What a line of an `ip route show` dump says beyond a written route. */
export interface DumpedRoute {
    /** The line of the route file (1-based) the route starts on. */
    readonly line: number;
    /** `proto P` as printed (`bgp`, `static`, `42`); `kernel` marks a connected route, checked against the node's addresses. */
    readonly proto?: string;
    /** `src ADDR`: the preferred source of the node's own packets along the route. */
    readonly source?: Ipv4;
    /** `onlink`: the gateway is taken to be on the device's link, whatever its subnets. */
    readonly onlink?: true;
    /** A multipath route's nexthops (`nexthop via G dev D weight W`), two or more; the route's own gateway and device are the first's. */
    readonly nexthops?: readonly Nexthop[];
    /** The words after the route's flags that change no lookup (`mtu 1400`, `realm 3`), as printed. */
    readonly extra?: string;
}

/** One nexthop of a multipath route. */
export interface Nexthop {
    readonly gateway?: Ipv4;
    readonly device?: string;
    readonly weight: number;
    readonly onlink?: true;
}

export interface SysctlAssignment {
    readonly key: string;
    readonly value: number;
    /** True on a node's copy of a `defaults` line (its origin is that line). */
    readonly fromDefaults?: true;
}

/**
 * The iptables rules, as plain data for the engine and for `iptables` printers and scripts. A prefix
 * is kept as written (host bits and all: iptables masks them when it stores the rule); `negated` is
 * iptables' `!` before the option. The model objects are the keys of the origins map (their lines).
 */
export interface DeviceMatch {
    readonly device: string;
    readonly negated: boolean;
}

export interface PrefixMatch {
    readonly prefix: Prefix;
    readonly negated: boolean;
}

/** The options iptables matches on, shared by NAT and filter rules: -i, -o, -s, -d, --ctstate. */
export interface RuleMatch {
    /** `in [!]IF`: `[!] -i IF` (never in OUTPUT or POSTROUTING). */
    readonly in?: DeviceMatch;
    /** `out [!]IF`: `[!] -o IF` (never in INPUT). */
    readonly out?: DeviceMatch;
    /** `from [!]PREFIX`: `[!] -s PREFIX`. */
    readonly source?: PrefixMatch;
    /** `to [!]PREFIX`: `[!] -d PREFIX`. */
    readonly destination?: PrefixMatch;
    /** `state S,...`: `-m conntrack --ctstate S,...`, as written (lower case, file order). */
    readonly states?: readonly ConnState[];
    /** The rule in the file's words (after `nat`/`filter`), for messages. */
    readonly text: string;
}

/** `nat masquerade ...`: `iptables -t nat -A POSTROUTING ... -j MASQUERADE`. */
export interface MasqueradeRule extends RuleMatch {
    readonly node: string;
}

export type Chain = 'input' | 'forward' | 'output';
export type FilterVerdict = 'accept' | 'drop' | 'reject';
export type ConnState = 'new' | 'established' | 'related';

/** `filter CHAIN accept|drop|reject ...`: `iptables -A CHAIN ... -j ACCEPT|DROP|REJECT`. */
export interface FilterRule extends RuleMatch {
    readonly node: string;
    readonly chain: Chain;
    readonly verdict: FilterVerdict;
}

/** `filter CHAIN policy accept|drop`: `iptables -P CHAIN ACCEPT|DROP`. */
export interface FilterPolicy {
    readonly node: string;
    readonly chain: Chain;
    readonly verdict: 'accept' | 'drop';
}

/** A `ping SOURCE -> TARGET [from ADDR|IF] [count N] [broadcast] [fails]` expectation. */
export type PingModel = {
    readonly source: string;
    /** The target as written (`C`, `C.eth0`, an address or a host name). */
    readonly targetText: string;
    /** True when the ping is expected to get a reply (no `fails`). */
    readonly expectReply: boolean;
} & PingTo;

/**
 * What a ping aims at: an address (written, or a node's), or a host name the source resolves first;
 * `ping -I`, where it is sent from; `-c N` and `-b`.
 */
export type PingTo = ({ readonly target: Ipv4; readonly name?: undefined } | { readonly name: string; readonly target?: undefined }) & {
    readonly from?: PingFrom;
    /** `count N`: `ping -c N` (absent: 1). */
    readonly count?: number;
    /** `broadcast`: `ping -b`. */
    readonly broadcast?: true;
};

/** The largest `count` a ping takes: the engine simulates each packet, and ping waits a second between them. */
export const MAX_PING_COUNT = 10;

/** Whether `count` is one a ping takes (1 to {@link MAX_PING_COUNT}). */
export function validPingCount(count: number): boolean {
    return Number.isInteger(count) && count >= 1 && count <= MAX_PING_COUNT;
}

/** `ping -I ADDR`: the source address only; `ping -I IF`: the socket bound to the device (SO_BINDTODEVICE). */
export type PingFrom = { readonly address: Ipv4; readonly device?: undefined } | { readonly device: string; readonly address?: undefined };

/**
 * The address a ping target names: a node stands for its first address in declaration order (pass
 * all its interfaces), an interface for its primary address (pass just that one).
 */
export function pingTargetAddress(interfaces: readonly InterfaceModel[]): Ipv4 | undefined {
    return interfaces.flatMap((iface) => iface.addresses)[0]?.address;
}
