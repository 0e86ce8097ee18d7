import * as ast from './generated/ast.js';
import { parseCidr } from './address/ipv4.js';
import type { Chain, ConnState, DeviceMatch, FilterPolicy, FilterRule, FilterVerdict, MasqueradeRule, PrefixMatch, RuleMatch } from './model/topology.js';

/**
 * The options a chain cannot take, as iptables refuses them: no `-i` where packets have no input
 * interface yet (OUTPUT, POSTROUTING), no `-o` where they have no output interface (INPUT).
 */
export const FORBIDDEN_OPTIONS: Record<Chain | 'postrouting', readonly ('in' | 'out')[]> = {
    input: ['out'],
    forward: [],
    output: ['in'],
    postrouting: ['in']
};

/** `nat masquerade ...`, or undefined when iptables would refuse it (the validator says why). */
export function buildMasquerade(nat: ast.Nat, node: string): MasqueradeRule | undefined {
    const match = buildMatch(nat.options, 'postrouting', ['nat', nat.action]);
    if (!match?.source) return undefined;
    return { node, ...match };
}

/** `filter CHAIN policy ...` or `filter CHAIN VERDICT ...`, or undefined when iptables would refuse it. */
export function buildFilter(filter: ast.Filter, node: string): { kind: 'policy'; entry: FilterPolicy } | { kind: 'rule'; entry: FilterRule } | undefined {
    const chain = filter.chain as Chain | undefined;
    const verdict = filter.verdict as FilterVerdict | undefined;
    if (!chain || !verdict) return undefined;
    if (filter.policy) {
        if (verdict === 'reject' || filter.options.length) return undefined;
        return { kind: 'policy', entry: { node, chain, verdict } };
    }
    const match = buildMatch(filter.options, chain, ['filter', chain, verdict]);
    return match && { kind: 'rule', entry: { node, chain, verdict, ...match } };
}

/** The options of a rule, each at most once, none its chain forbids, every prefix valid; else undefined. */
function buildMatch(options: readonly ast.RuleOption[], chain: Chain | 'postrouting', words: string[]): RuleMatch | undefined {
    const match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = { text: '' };
    for (const option of options) {
        const bang = 'negated' in option && option.negated ? '!' : '';
        if (ast.isDeviceMatch(option)) {
            if (!option.device || match[option.direction] || FORBIDDEN_OPTIONS[chain].includes(option.direction)) return undefined;
            match[option.direction] = { device: option.device, negated: option.negated } satisfies DeviceMatch;
            words.push(option.direction, bang + option.device);
        } else if (ast.isAddressMatch(option)) {
            const prefix = option.prefix ? parseCidr(option.prefix) : { error: 'missing' };
            const key = option.direction === 'from' ? 'source' : 'destination';
            if ('error' in prefix || match[key]) return undefined;
            match[key] = { prefix, negated: option.negated } satisfies PrefixMatch;
            words.push(option.direction, bang + option.prefix);
        } else {
            if (match.states || !option.states.length) return undefined;
            match.states = option.states as ConnState[];
            words.push('state', option.states.join(','));
        }
    }
    match.text = words.join(' ');
    return match;
}
