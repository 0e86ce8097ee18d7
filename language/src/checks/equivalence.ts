import { networkOf } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import { formatIpRoute } from '../engine/route-format.js';
import type { Ipv4 } from '../model/topology.js';

/**
 * Which nodes and addresses the network cannot tell apart, so that a simulation done for one
 * stands for the others (what keeps route analysis fast on labs of thousands of identical hosts).
 *
 * Two addresses are in the same *address class* when every route of every node and every
 * broadcast covers both or neither, and no node but their owners holds them: every lookup of
 * either gives the same entry everywhere. Two nodes have the same *signature* when their interfaces sit on the same
 * segments with the same settings and their tables are the same but for their own `src`.
 */
export class Equivalence {
    private readonly prefixes = new Map<number, Set<Ipv4>>();
    private readonly lengths: number[];
    private readonly signatures = new Map<NetworkNode, string>();
    private readonly signatureIds = new Map<string, string>();

    constructor(private readonly network: Network) {
        const add = (address: Ipv4, length: number) => {
            let set = this.prefixes.get(length);
            if (!set) this.prefixes.set(length, (set = new Set()));
            set.add(networkOf(address, length));
        };
        for (const node of network.nodes.values()) {
            for (const entry of node.table.entries) add(entry.destination, entry.length);
            for (const address of node.table.broadcasts.keys()) add(address, 32);
        }
        this.lengths = [...this.prefixes.keys()].sort((a, b) => b - a);
    }

    /** The address class of an address held by `owner`: the prefixes, over all tables, that cover it, and any other holder. */
    classOf(address: Ipv4, owner: NetworkNode | undefined): string {
        let key = (this.network.owners.get(address) ?? [])
            .filter((node) => node !== owner)
            .map((node) => node.model.name)
            .join(',');
        for (const length of this.lengths) {
            const network = networkOf(address, length);
            if (this.prefixes.get(length)!.has(network)) key += `${network}/${length} `;
        }
        return key;
    }

    /**
     * The node's configuration without its own addresses (interfaces, segments, link states, settings, routes),
     * as a short id: nodes with the same configuration get the same id.
     */
    signatureOf(node: NetworkNode): string {
        let signature = this.signatures.get(node);
        if (signature === undefined) {
            const settings = node.settings;
            const interfaces = node.model.interfaces.map(
                (iface) =>
                    `${iface.name}@${node.segments.get(iface.name)}` +
                    ` rp${settings.rpFilter(iface.name)} fw${+settings.forwards(iface.name)} rd${+settings.sendRedirects(iface.name)} #${iface.addresses.length}` +
                    (iface.down ? ' down' : node.cutOff.has(iface.name) ? ' cut' : '')
            );
            const routes = node.table.sorted().map((entry) => formatIpRoute({ ...entry, source: undefined }));
            const text = [...interfaces, ...routes, `echo${+settings.icmpEchoIgnoreAll}`].join('\n');
            signature = this.signatureIds.get(text);
            if (signature === undefined) this.signatureIds.set(text, (signature = `#${this.signatureIds.size}`));
            this.signatures.set(node, signature);
        }
        return signature;
    }
}
