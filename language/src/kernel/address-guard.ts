import { formatIpv4, networkOf } from '../address/ipv4.js';
import { specialDestination } from '../address/special.js';
import type { Ipv4, Topology } from '../model/topology.js';
import { LabInputError } from './netns-script.js';

/** 198.18.0.0/15 (RFC 2544, benchmarking): the only addresses labs use unless told otherwise. */
const LAB_NETWORK = { address: 0xc6120000, length: 15 } as const;

function inLabNetwork(address: Ipv4): boolean {
    return networkOf(address, LAB_NETWORK.length) === LAB_NETWORK.address;
}

/**
 * Ping targets no network routes, allowed besides the lab range so that what the kernel does with
 * them can be measured: 0.0.0.0/8, 127.0.0.0/8, multicast, class E and 255.255.255.255. A lab's
 * namespaces have no link out of the lab, so a packet to one of them cannot leave it either.
 */
function nonRoutableTarget(address: Ipv4): boolean {
    return specialDestination(address) !== undefined || address >>> 24 === 0 || address >>> 28 === 0xf;
}

/**
 * Refuses a topology that uses an address outside 198.18.0.0/15: interface addresses,
 * gateways, route destinations (except `default`), hosts and dns addresses, nameservers (but
 * loopback ones) and ping targets (except non-routable ones). Labs are isolated anyway;
 * this keeps a shared machine's tests from ever naming real networks.
 */
export function checkLabAddresses(topology: Topology, pingTargets: readonly Ipv4[]): void {
    const outside = (address: Ipv4, what: string) => {
        if (!inLabNetwork(address)) {
            throw new LabInputError(`${what} ${formatIpv4(address)} is outside 198.18.0.0/15, the only range labs may use`);
        }
    };
    for (const node of topology.nodes) {
        for (const iface of node.interfaces) {
            for (const { address } of iface.addresses) outside(address, `address of ${node.name}.${iface.name}`);
        }
        for (const route of node.routes) {
            if (route.destination.length > 0) outside(route.destination.address, `route destination on ${node.name}`);
            if (route.gateway !== undefined) outside(route.gateway, `gateway on ${node.name}`);
        }
        for (const record of node.hosts) outside(record.address, `hosts address on ${node.name}`);
        for (const record of node.dns) outside(record.address, `dns address on ${node.name}`);
        // 127.0.0.1 and the like stay inside the namespace.
        for (const server of node.nameservers) if (server >>> 24 !== 127) outside(server, `nameserver on ${node.name}`);
    }
    for (const target of pingTargets) if (!nonRoutableTarget(target)) outside(target, 'ping target');
}
