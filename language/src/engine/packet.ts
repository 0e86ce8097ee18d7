import type { Ipv4 } from '../model/topology.js';
import type { RouteEntry } from './route-table.js';

/** What a packet is, as far as the kernel's rules care. */
export type PacketKind = 'echo-request' | 'echo-reply' | 'icmp-error' | 'redirect';

/** The ICMP messages the model produces, by their `ping` wording. */
export type IcmpErrorType = 'Destination Net Unreachable' | 'Destination Host Unreachable' | 'Packet filtered' | 'Time to live exceeded';

export interface Packet {
    readonly kind: PacketKind;
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly ttl: number;
}

/** Why a packet went no further. Every variant names the node where it happened. */
export type Stop =
    /** `setting` is the sysctl that keeps the node from forwarding what arrives on `device`. */
    | { readonly kind: 'ip-forward-off'; readonly node: string; readonly device: string; readonly setting: string }
    | { readonly kind: 'no-route'; readonly node: string; readonly destination: Ipv4 }
    | { readonly kind: 'reject-route'; readonly node: string; readonly route: RouteEntry }
    | { readonly kind: 'arp-failed'; readonly node: string; readonly device: string; readonly nextHop: Ipv4 }
    /** `backRoute` is the node's route back to the source, when it has one (one that does not leave by `device`, or a reject route). */
    | { readonly kind: 'rp-filter'; readonly node: string; readonly device: string; readonly source: Ipv4; readonly mode: 1 | 2; readonly backRoute?: RouteEntry }
    /** The source is one of the node's own addresses or a broadcast. */
    | { readonly kind: 'martian-source'; readonly node: string; readonly source: Ipv4 }
    | { readonly kind: 'martian-destination'; readonly node: string }
    | { readonly kind: 'ttl-exceeded'; readonly node: string }
    | { readonly kind: 'echo-ignored'; readonly node: string }
    | { readonly kind: 'broadcast-ignored'; readonly node: string }
    | { readonly kind: 'not-for-pinger'; readonly node: string };

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
}
