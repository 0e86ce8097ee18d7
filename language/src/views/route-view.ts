import type { Network, NetworkNode } from '../engine/network.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { carriedBy, type RouteEntry } from '../engine/route-table.js';
import type { Ipv4 } from '../model/topology.js';
import { holdersOf, type AddressHolder } from './address-view.js';

/** A destination a route carries packets to, with who holds it and what a ping there does. */
export interface CarriedPing {
    readonly address: Ipv4;
    readonly holder?: AddressHolder;
    readonly result: PingResult;
}

/** How many addresses of the topology `entry` of `node` carries packets to, and a ping from the node to each of the first `limit`. */
export function routeCarries(network: Network, node: NetworkNode, entry: RouteEntry, limit: number): { readonly total: number; readonly pings: CarriedPing[] } {
    const destinations = carriedBy(node.table, entry, network.owners.keys());
    return {
        total: destinations.length,
        pings: destinations.slice(0, limit).map((address) => ({
            address,
            holder: holdersOf(network, address)[0],
            result: simulatePing(network, node.model.name, address)
        }))
    };
}
