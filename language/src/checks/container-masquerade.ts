import { formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { Network } from '../engine/network.js';
import type { MasqueradeRule } from '../model/topology.js';
import type { Fix } from './finding.js';

/**
 * For a node with no route back to a container's address: the masquerade Docker puts on the
 * container's bridge host (`-s SUBNET ! -o BRIDGE -j MASQUERADE`), so the far side sees the host's
 * address, which it has a way back to. One fix per bridge subnet holding one of `sources`, on a
 * host other than `farNode`.
 */
export function masqueradeFixes(network: Network, farNode: string, sources: readonly Ipv4[]): Fix[] {
    const fixes = new Map<string, Fix>();
    for (const host of network.nodes.values()) {
        if (host.model.name === farNode) continue;
        for (const bridge of host.model.interfaces) {
            if (!bridge.bridge) continue;
            for (const own of bridge.addresses) {
                if (!sources.some((source) => prefixContains(own, source))) continue;
                const subnet: Prefix = { address: networkOf(own.address, own.length), length: own.length };
                const text = `nat masquerade from ${formatPrefix(subnet)} out !${bridge.name}`;
                const rule: MasqueradeRule = {
                    node: host.model.name,
                    source: { prefix: subnet, negated: false },
                    out: { device: bridge.name, negated: true },
                    text
                };
                const key = `${host.model.name} ${text}`;
                if (!fixes.has(key))
                    fixes.set(key, {
                        title: `Add \`${text}\` to ${host.model.name} (as Docker does)`,
                        changes: [{ kind: 'add-rule', node: host.model.name, rule }]
                    });
            }
        }
    }
    return [...fixes.values()];
}
