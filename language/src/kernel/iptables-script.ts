import { formatPrefix } from '../address/ipv4.js';
import { hasRules } from '../engine/rule-format.js';
import type { DeviceMatch, NodeModel, PrefixMatch, RuleMatch, Topology } from '../model/topology.js';
import { runCommand } from './processes.js';

/**
 * A node's `nat` and `filter` statements as the iptables commands the contract maps them to (run
 * inside the node's namespace), and the kernel's own listings of them read back. The rules are written the way the file words them (options in the
 * contract's order, prefixes and states as written), not the way `iptables -S` prints them, so that
 * comparing the kernel's listing with engine/rule-format.ts tests that printer's canonical form.
 */

/** `iptables -S` and `iptables -t nat -S` of one node, verbatim. */
export interface MeasuredRules {
    readonly filter: string;
    readonly nat: string;
}

/**
 * The `iptables` commands for the node's rules, in file order (policies, filter rules, then NAT
 * rules, each group as written), or none for a node without any. Device names have been checked
 * against the contract's name pattern (netns-script.ts), so they need no quoting.
 */
export function iptablesCommands(node: NodeModel): string[] {
    return [
        ...node.policies.map((policy) => `iptables -P ${policy.chain.toUpperCase()} ${policy.verdict.toUpperCase()}`),
        ...node.filters.map((rule) => appendCommand(`-A ${rule.chain.toUpperCase()}`, rule, rule.verdict.toUpperCase())),
        ...node.nat.map((rule) => appendCommand('-t nat -A POSTROUTING', rule, 'MASQUERADE'))
    ];
}

/** `iptables -A CHAIN [!] -i IF [!] -o IF [!] -s PREFIX [!] -d PREFIX [-m conntrack --ctstate S,...] -j TARGET`. */
function appendCommand(append: string, match: RuleMatch, target: string): string {
    const device = (option: string, entry: DeviceMatch | undefined) => (entry ? [`${entry.negated ? '! ' : ''}${option} ${entry.device}`] : []);
    const prefix = (option: string, entry: PrefixMatch | undefined) => (entry ? [`${entry.negated ? '! ' : ''}${option} ${formatPrefix(entry.prefix)}`] : []);
    return [
        `iptables ${append}`,
        ...device('-i', match.in),
        ...device('-o', match.out),
        ...prefix('-s', match.source),
        ...prefix('-d', match.destination),
        ...(match.states?.length ? [`-m conntrack --ctstate ${match.states.join(',').toUpperCase()}`] : []),
        `-j ${target}`
    ].join(' ');
}

/** What the kernel lists for every node with rules (see `hasRules`), in declaration order; undefined when no node has any. */
export async function measureRules(topology: Topology, namespaceOf: (node: string) => string): Promise<Record<string, MeasuredRules> | undefined> {
    const nodes = topology.nodes.filter(hasRules);
    if (nodes.length === 0) return undefined;
    const listings = await Promise.all(
        nodes.map(async (node) => {
            const [filter, nat] = await Promise.all(
                [['-S'], ['-t', 'nat', '-S']].map((args) => runCommand('ip', ['netns', 'exec', namespaceOf(node.name), 'iptables', ...args]))
            );
            for (const result of [filter, nat]) {
                if (result.code !== 0) throw new Error(`reading the iptables rules of ${node.name} failed: ${result.stderr.trim()}`);
            }
            return [node.name, { filter: filter.stdout, nat: nat.stdout }] as const;
        })
    );
    return Object.fromEntries(listings);
}
