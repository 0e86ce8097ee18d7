import type { Ipv4, MasqueradeRule } from '../model/topology.js';
import type { FilterDecision } from './filter.js';
import type { RouteEntry } from './route-table.js';

/** What a packet is, as far as the kernel's rules care: ICMP, or the UDP of a name lookup (port 53). */
export type PacketKind = 'echo-request' | 'echo-reply' | 'icmp-error' | 'redirect' | 'dns-query' | 'dns-answer';

/** The ICMP messages the model produces, by their `ping` wording. */
export type IcmpErrorType =
    'Destination Net Unreachable' | 'Destination Host Unreachable' | 'Packet filtered' | 'Time to live exceeded' | 'Destination Port Unreachable';

export interface Packet {
    readonly kind: PacketKind;
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly ttl: number;
    /** For an ICMP error or redirect: the addresses of the packet it is about (what conntrack relates it by). */
    readonly inner?: { readonly src: Ipv4; readonly dst: Ipv4 };
}

/**
 * An address rewrite at a node: MASQUERADE of a new connection's source on its way out
 * (`masquerade`), or conntrack's reversal on a reply or ICMP error coming back (`reverse`).
 */
export interface Translation {
    readonly node: string;
    readonly kind: 'masquerade' | 'reverse';
    readonly field: 'src' | 'dst';
    readonly from: Ipv4;
    readonly to: Ipv4;
    /** The `nat masquerade` line that made the connection's translation. */
    readonly rule: MasqueradeRule;
}

/** An interface that is down (or cut off by one that is), named for messages: `eth1 of A is down`. */
export interface DownInterface {
    readonly node: string;
    readonly device: string;
}

/**
 * Why a packet went no further. Every variant names the node where it happened. A missing route or
 * a failed ARP that a `down` interface explains names it (`down`, see `downInterface` in network.ts).
 */
export type Stop =
    /** `setting` is the sysctl that keeps the node from forwarding what arrives on `device`. */
    | { readonly kind: 'ip-forward-off'; readonly node: string; readonly device: string; readonly setting: string }
    | { readonly kind: 'no-route'; readonly node: string; readonly destination: Ipv4; readonly down?: DownInterface }
    | { readonly kind: 'reject-route'; readonly node: string; readonly route: RouteEntry }
    | { readonly kind: 'arp-failed'; readonly node: string; readonly device: string; readonly nextHop: Ipv4; readonly down?: DownInterface }
    /** `backRoute` is the node's route back to the source, when it has one (one that does not leave by `device`, or a reject route). */
    | {
          readonly kind: 'rp-filter';
          readonly node: string;
          readonly device: string;
          readonly source: Ipv4;
          readonly mode: 1 | 2;
          readonly backRoute?: RouteEntry;
      }
    /** The source is one of the node's own addresses or a broadcast. */
    | { readonly kind: 'martian-source'; readonly node: string; readonly source: Ipv4 }
    | { readonly kind: 'martian-destination'; readonly node: string }
    | { readonly kind: 'ttl-exceeded'; readonly node: string }
    | { readonly kind: 'echo-ignored'; readonly node: string }
    | { readonly kind: 'broadcast-ignored'; readonly node: string }
    /** Sent by `node` to a multicast group: no member answers an echo request to one, and no ICMP error comes back. */
    | { readonly kind: 'multicast-ignored'; readonly node: string }
    | { readonly kind: 'not-for-pinger'; readonly node: string }
    /** A filter chain dropped or rejected it: `decision` names the rule, or the policy when it has no rule. */
    | { readonly kind: 'filtered'; readonly node: string; readonly decision: FilterDecision }
    /** A redirect about a connection the node masqueraded: the kernel's NAT drops it. */
    | { readonly kind: 'nat-redirect'; readonly node: string };

/** One step of a packet's journey, for explanations and the simulator view. */
export interface TraceStep {
    readonly packet: PacketKind;
    readonly node: string;
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly ttl: number;
    readonly action: 'send' | 'forward' | 'deliver' | 'drop' | 'error';
    readonly inDevice?: string;
    readonly outDevice?: string;
    readonly nextHop?: Ipv4;
    /** The route used, as `ip route` prints it. */
    readonly route?: RouteEntry;
    /** The ARP answer for the next hop: the node and interface that answered. */
    readonly arp?: { readonly node: string; readonly device: string } | 'failed';
    readonly stop?: Stop;
    /** The filter chain the packet crossed at this node (INPUT, FORWARD, OUTPUT) and what decided it. */
    readonly filter?: FilterDecision;
    /** The node's address rewrites of this packet, in order (conntrack's reversal on arrival, MASQUERADE on departure). */
    readonly translations?: readonly Translation[];
    /** Set on the step of a bridge's host for a packet bridged between two ports of that bridge (not routed: no TTL change). */
    readonly bridge?: string;
}
