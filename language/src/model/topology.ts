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
    /** Sysctl assignments as written, in file order. */
    readonly sysctls: readonly SysctlAssignment[];
}

/** Where the other end of an interface's cable goes. */
export type LinkEnd =
    | { readonly kind: 'switch'; readonly switch: string }
    | { readonly kind: 'peer'; readonly node: string; readonly interface: string };

export interface InterfaceModel {
    readonly node: string;
    readonly name: string;
    /** In declaration order; the first one is the primary address. */
    readonly addresses: readonly InterfaceAddress[];
    /** Undefined for an interface that is up but alone on its segment. */
    readonly link?: LinkEnd;
}

export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

/** A `route` statement: what would be given to `ip route add`. */
export interface RouteSpec {
    readonly destination: Prefix;
    readonly type: RouteType;
    readonly gateway?: Ipv4;
    readonly device?: string;
    readonly metric: number;
    /** The route in `ip route add` words (without `ip route add`), for messages and scripts. */
    readonly text: string;
}

export interface SysctlAssignment {
    readonly key: string;
    readonly value: number;
}

/** A `ping SOURCE -> TARGET [fails]` expectation. */
export interface PingModel {
    readonly source: string;
    readonly target: Ipv4;
    /** The target as written (`C`, `C.eth0` or an address). */
    readonly targetText: string;
    /** True when the ping is expected to get a reply (no `fails`). */
    readonly expectReply: boolean;
}

/**
 * The address a ping target names: a node stands for its first address in declaration order (pass
 * all its interfaces), an interface for its primary address (pass just that one).
 */
export function pingTargetAddress(interfaces: readonly InterfaceModel[]): Ipv4 | undefined {
    return interfaces.flatMap((iface) => iface.addresses)[0]?.address;
}
