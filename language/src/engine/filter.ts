import { prefixContains, type Ipv4 } from '../address/ipv4.js';
import type { Chain, DeviceMatch, FilterRule, MasqueradeRule, NodeModel, PrefixMatch, RuleMatch } from '../model/topology.js';

/**
 * A connection's state as the `conntrack` match sees it. `invalid` is a packet conntrack cannot
 * place (an echo reply or ICMP error it saw nothing of): no `state` option matches it.
 */
export type ConnectionState = 'new' | 'established' | 'related' | 'invalid';

/** A node's iptables rules, ready for matching: each chain's rules in file order, its policy, the nat POSTROUTING chain. */
export interface Firewall {
    readonly rules: Readonly<Record<Chain, readonly FilterRule[]>>;
    readonly policies: Readonly<Record<Chain, 'accept' | 'drop'>>;
    readonly nat: readonly MasqueradeRule[];
}

/** What a chain decided about a packet: the verdict, and the rule that gave it (none: the chain's policy). */
export interface FilterDecision {
    readonly node: string;
    readonly chain: Chain;
    readonly verdict: 'accept' | 'drop' | 'reject';
    readonly rule?: FilterRule;
    readonly state: ConnectionState;
    /** The packet's interfaces in this chain (what an accept rule for it would match). */
    readonly in?: string;
    readonly out?: string;
}

/** What a rule looks at: the packet's addresses, its devices in this chain, its conntrack state. */
export interface MatchContext {
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly in?: string;
    readonly out?: string;
    readonly state: ConnectionState;
}

/** The node's firewall, or undefined when it has no rule and no policy (then nothing filters, and conntrack changes nothing). */
export function compileFirewall(model: NodeModel): Firewall | undefined {
    if (!model.nat.length && !model.filters.length && !model.policies.length) return undefined;
    const rules: Record<Chain, FilterRule[]> = { input: [], forward: [], output: [] };
    const policies: Record<Chain, 'accept' | 'drop'> = { input: 'accept', forward: 'accept', output: 'accept' };
    for (const rule of model.filters) rules[rule.chain].push(rule);
    for (const policy of model.policies) policies[policy.chain] = policy.verdict;
    return { rules, policies, nat: model.nat };
}

/** Runs a filter chain: the first rule that matches decides, else the policy. */
export function runChain(node: string, firewall: Firewall, chain: Chain, context: MatchContext): FilterDecision {
    const rule = firewall.rules[chain].find((entry) => ruleMatches(entry, context));
    return { node, chain, verdict: rule ? rule.verdict : firewall.policies[chain], rule, state: context.state, in: context.in, out: context.out };
}

/** Whether every option of a rule matches (iptables' `!` inverts one option). */
export function ruleMatches(rule: RuleMatch, context: MatchContext): boolean {
    return (
        deviceMatches(rule.in, context.in) &&
        deviceMatches(rule.out, context.out) &&
        prefixMatches(rule.source, context.src) &&
        prefixMatches(rule.destination, context.dst) &&
        (!rule.states || (context.state !== 'invalid' && rule.states.includes(context.state)))
    );
}

function deviceMatches(match: DeviceMatch | undefined, device: string | undefined): boolean {
    return !match || (match.device === device) !== match.negated;
}

/** iptables stores a prefix with its host bits cleared, so `10.0.0.5/8` matches as 10.0.0.0/8. */
function prefixMatches(match: PrefixMatch | undefined, address: Ipv4): boolean {
    return !match || prefixContains(match.prefix, address) !== match.negated;
}
