import { parseCidr } from '../address/ipv4.js';
import type { Chain, ConnState, DeviceMatch, FilterVerdict, PrefixMatch, RuleMatch } from '../model/topology.js';
import type { Origin } from './import-problem.js';
import type { LabState, Namespace } from './lab-state.js';
import { ruleOptions } from './net-printer.js';

/**
 * `iptables` commands, the subset the language has: `-P INPUT|FORWARD|OUTPUT ACCEPT|DROP`,
 * `-A INPUT|FORWARD|OUTPUT [!] -i/-o/-s/-d ... [-m conntrack --ctstate S] -j ACCEPT|DROP|REJECT`,
 * `-t nat -A POSTROUTING ... -j MASQUERADE`, and `-F` (which empties chains). Anything else is an
 * error naming the option.
 */

const CHAINS: Record<string, Chain> = { INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output' };
const VERDICTS: Record<string, FilterVerdict> = { ACCEPT: 'accept', DROP: 'drop', REJECT: 'reject' };
const STATES = new Set<string>(['new', 'established', 'related']);

const OPTION_NAMES: Record<string, 'in' | 'out' | 'source' | 'destination'> = {
    '-i': 'in',
    '--in-interface': 'in',
    '-o': 'out',
    '--out-interface': 'out',
    '-s': 'source',
    '--source': 'source',
    '--src': 'source',
    '-d': 'destination',
    '--destination': 'destination',
    '--dst': 'destination'
};

export function runIptables(state: LabState, namespace: Namespace, origin: Origin, args: readonly string[]): void {
    let table = 'filter';
    let action: string | undefined;
    let chainName: string | undefined;
    let policy: string | undefined;
    let target: string | undefined;
    let negate = false;
    const match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = { text: '' };
    for (let index = 0; index < args.length; index++) {
        const option = args[index];
        const value = args[index + 1];
        if (option === '!') {
            negate = true;
            continue;
        }
        if (option === '-w' || option === '--wait') {
            if (value !== undefined && /^\d+$/.test(value)) index++;
            continue;
        }
        if (value === undefined && option !== '-F' && option !== '--flush') return state.error(origin, `${option} needs a value`);
        if (option === '-t' || option === '--table') {
            table = value;
            index++;
        } else if (['-A', '--append', '-P', '--policy'].includes(option)) {
            action = option.startsWith('--') ? option.slice(2, 3).toUpperCase() : option.slice(1);
            chainName = value;
            index++;
            if (action === 'P') policy = args[++index];
        } else if (option === '-F' || option === '--flush') {
            action = 'F';
            if (value !== undefined && !value.startsWith('-')) chainName = args[++index];
        } else if (option === '-j' || option === '--jump') {
            target = value;
            index++;
        } else if (option in OPTION_NAMES) {
            const key = OPTION_NAMES[option];
            index++;
            if (key === 'in' || key === 'out') match[key] = { device: value, negated: negate } satisfies DeviceMatch;
            else {
                const prefix = parseCidr(value);
                if ('error' in prefix) return state.error(origin, prefix.error);
                match[key] = { prefix, negated: negate } satisfies PrefixMatch;
            }
        } else if (option === '-m' || option === '--match') {
            index++;
            if (value !== 'conntrack' && value !== 'state')
                return state.error(origin, `match -m ${value} is not imported: the language's rules match conntrack states only`);
        } else if (option === '--ctstate' || option === '--state') {
            index++;
            const states = value.toLowerCase().split(',');
            const unknown = states.find((entry) => !STATES.has(entry));
            if (unknown !== undefined)
                return state.error(origin, `state ${unknown.toUpperCase()} is not imported: the language knows NEW, ESTABLISHED and RELATED`);
            match.states = states as ConnState[];
        } else if (option === '--reject-with' && value === 'icmp-port-unreachable') {
            index++;
        } else return state.error(origin, `unknown iptables option ${option} ${value} (the language's rules match -i, -o, -s, -d and --ctstate)`);
        if (negate && !(option in OPTION_NAMES)) return state.error(origin, `! before ${option} is not imported`);
        negate = false;
    }
    if (table !== 'filter' && table !== 'nat') return state.error(origin, `table ${table} is not imported: the language has the filter and nat tables`);
    if (action === 'F') {
        if (table === 'nat') namespace.nat = [];
        else if (chainName === undefined) namespace.filters = [];
        else namespace.filters = namespace.filters.filter((rule) => rule.chain !== CHAINS[chainName!]);
        return;
    }
    if (action === undefined || chainName === undefined)
        return state.error(origin, 'iptables needs -A CHAIN, -P CHAIN POLICY or -F (nettopo import knows those)');
    if (table === 'nat') {
        if (action !== 'A' || chainName !== 'POSTROUTING' || target !== 'MASQUERADE') {
            return state.error(origin, 'the nat table is imported as -A POSTROUTING ... -j MASQUERADE only');
        }
        if (match.in || match.states) return state.error(origin, 'a MASQUERADE rule matches -s, -d and -o only in the language');
        namespace.nat.push({ node: namespace.name, ...match, text: `masquerade${ruleOptions(match, true)}` });
        return;
    }
    const chain = CHAINS[chainName];
    if (chain === undefined) return state.error(origin, `chain ${chainName} is not imported: the language has INPUT, FORWARD and OUTPUT`);
    if (action === 'P') {
        if (policy !== 'ACCEPT' && policy !== 'DROP') return state.error(origin, `policy ${policy ?? '(none)'}: a chain's policy is ACCEPT or DROP`);
        namespace.policies.push({ node: namespace.name, chain, verdict: VERDICTS[policy] as 'accept' | 'drop' });
        return;
    }
    const verdict = target === undefined ? undefined : VERDICTS[target];
    if (verdict === undefined) return state.error(origin, `target ${target ?? '(none)'} is not imported: the language's rules ACCEPT, DROP or REJECT`);
    namespace.filters.push({ node: namespace.name, chain, verdict, ...match, text: `${chain} ${verdict}${ruleOptions(match)}` });
}
