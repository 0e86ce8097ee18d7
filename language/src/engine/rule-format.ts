import { formatIpv4, networkOf } from '../address/ipv4.js';
import type { Chain, ConnState, DeviceMatch, FilterPolicy, FilterRule, MasqueradeRule, NodeModel, PrefixMatch, RuleMatch } from '../model/topology.js';

/**
 * Printers of a node's iptables rules exactly as `iptables -S` and `iptables -t nat -S` print them
 * (iptables 1.8, nft and legacy alike; checked byte for byte against the kernel by the kernel tier):
 * every built-in chain's policy first, then the rules chain by chain, each rule's options in
 * iptables' own order (`-s`, `-d`, `-i`, `-o`, the conntrack match, the target) whatever order the
 * file wrote them in.
 */

/** The filter table's built-in chains, in the order iptables lists them. */
const FILTER_CHAINS: readonly Chain[] = ['input', 'forward', 'output'];
/** The nat table's built-in chains, in the order iptables lists them; nettopo writes only POSTROUTING. */
const NAT_CHAINS = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] as const;
/** The order in which iptables prints conntrack states, whatever order they were given in. */
const STATE_ORDER: readonly ConnState[] = ['new', 'related', 'established'];
/** What iptables adds to a REJECT without `--reject-with`: its default for IPv4. */
const REJECT_TARGET = 'REJECT --reject-with icmp-port-unreachable';

/** True when a node has any iptables statement (`nat` or `filter`): the nodes whose listings are compared with the kernel. */
export function hasRules(node: NodeModel): boolean {
    return node.nat.length > 0 || node.filters.length > 0 || node.policies.length > 0;
}

/** `iptables -S` of the node: the filter table's policies (the last `policy` line of a chain wins), then its rules. */
export function formatFilterRules(node: NodeModel): string {
    const policy = (chain: Chain) => node.policies.filter((entry) => entry.chain === chain).at(-1)?.verdict ?? 'accept';
    const lines = FILTER_CHAINS.map((chain) => formatPolicy({ chain, verdict: policy(chain) }));
    for (const chain of FILTER_CHAINS) lines.push(...node.filters.filter((entry) => entry.chain === chain).map(formatFilterRule));
    return lines.map((line) => `${line}\n`).join('');
}

/** `iptables -t nat -S` of the node: the nat table's policies (always ACCEPT), then its MASQUERADE rules. */
export function formatNatRules(node: NodeModel): string {
    const lines = [...NAT_CHAINS.map((chain) => `-P ${chain} ACCEPT`), ...node.nat.map(formatNatRule)];
    return lines.map((line) => `${line}\n`).join('');
}

/** One filter rule's line of `iptables -S` (no newline): `-A FORWARD -o docker0 ... -j ACCEPT`. */
export function formatFilterRule(rule: FilterRule): string {
    return appendLine(rule.chain.toUpperCase(), rule, target(rule));
}

/** One MASQUERADE rule's line of `iptables -t nat -S` (no newline): `-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`. */
export function formatNatRule(rule: MasqueradeRule): string {
    return appendLine('POSTROUTING', rule, 'MASQUERADE');
}

/** A chain's policy line of `iptables -S` (no newline): `-P FORWARD DROP`. */
export function formatPolicy(policy: Pick<FilterPolicy, 'chain' | 'verdict'>): string {
    return `-P ${policy.chain.toUpperCase()} ${policy.verdict.toUpperCase()}`;
}

function target(rule: FilterRule): string {
    return rule.verdict === 'reject' ? REJECT_TARGET : rule.verdict.toUpperCase();
}

/** `-A CHAIN OPTIONS -j TARGET`, the options in the order iptables prints them. */
function appendLine(chain: string, match: RuleMatch, jump: string): string {
    const words = [`-A ${chain}`];
    if (match.source) words.push(...prefixOption('-s', match.source));
    if (match.destination) words.push(...prefixOption('-d', match.destination));
    if (match.in) words.push(deviceOption('-i', match.in));
    if (match.out) words.push(deviceOption('-o', match.out));
    if (match.states?.length)
        words.push(
            `-m conntrack --ctstate ${STATE_ORDER.filter((state) => match.states!.includes(state))
                .join(',')
                .toUpperCase()}`
        );
    words.push(`-j ${jump}`);
    return words.join(' ');
}

/**
 * `[!] -s NET/LEN`: iptables stores the prefix with its host bits cleared and always prints the
 * length (`/32` too); a plain `0.0.0.0/0` matches everything and is not printed at all.
 */
function prefixOption(option: string, { prefix, negated }: PrefixMatch): string[] {
    if (prefix.length === 0 && !negated) return [];
    return [`${negated ? '! ' : ''}${option} ${formatIpv4(networkOf(prefix.address, prefix.length))}/${prefix.length}`];
}

function deviceOption(option: string, { device, negated }: DeviceMatch): string {
    return `${negated ? '! ' : ''}${option} ${device}`;
}
