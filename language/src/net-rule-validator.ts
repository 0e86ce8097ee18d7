import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { parseCidr } from './address/ipv4.js';
import * as ast from './generated/ast.js';
import { FORBIDDEN_OPTIONS } from './build-rules.js';
import { IssueCodes } from './checks/issue-codes.js';

/** The iptables option each rule word stands for, for messages in iptables' own terms. */
const IPTABLES_OPTION: Record<string, string> = { in: '-i', out: '-o', from: '-s', to: '-d', state: '--ctstate' };
const CHAIN_NAME: Record<string, string> = { input: 'INPUT', forward: 'FORWARD', output: 'OUTPUT', postrouting: 'POSTROUTING' };

/**
 * Syntax-level checks of the container statements: bridges, `nat` and `filter` lines. Everything
 * they report is something iptables or `ip link` refuses, so the model leaves such lines out.
 */
export const ruleChecks: ValidationChecks<ast.NetAstType> = {
    Interface: checkBridge,
    Nat: checkNat,
    Filter: checkFilter
};

/** A bridge is plugged into by other nodes (`-- NODE.BRIDGE`); it has no cable of its own. */
function checkBridge(iface: ast.Interface, accept: ValidationAcceptor): void {
    if (iface.bridge && iface.peer) {
        accept('error', `a bridge has no cable of its own: plug other nodes' interfaces into it with \`-- ${iface.$container.name}.${iface.name}\``, {
            node: iface,
            property: 'peer',
            code: IssueCodes.BridgeLink
        });
    }
    const peer = iface.peer?.ref;
    if (!iface.bridge && ast.isInterface(peer) && peer.bridge && peer.$container === iface.$container) {
        accept('error', `${iface.name} cannot plug into ${peer.name}: both are ${iface.$container.name}'s own interfaces (add ${iface.name} to another node)`, {
            node: iface,
            property: 'peer',
            code: IssueCodes.BridgeLink
        });
    }
}

function checkNat(nat: ast.Nat, accept: ValidationAcceptor): void {
    checkOptions(nat.options, 'postrouting', accept);
    if (!nat.options.some((option) => ast.isAddressMatch(option) && option.direction === 'from')) {
        accept('error', '`nat masquerade` needs `from PREFIX`: the source addresses it rewrites', { node: nat, code: IssueCodes.NatNeedsSource });
    }
}

function checkFilter(filter: ast.Filter, accept: ValidationAcceptor): void {
    if (filter.policy) {
        if (filter.verdict === 'reject') {
            accept('error', `a chain's policy is accept or drop (iptables -P ${CHAIN_NAME[filter.chain]} takes ACCEPT or DROP, not REJECT)`, {
                node: filter,
                property: 'verdict',
                code: IssueCodes.InvalidPolicy
            });
        }
        for (const option of filter.options) {
            accept('error', 'a policy takes no options: write a rule (`filter CHAIN accept|drop|reject ...`) to match packets', {
                node: option,
                code: IssueCodes.InvalidPolicy
            });
        }
        return;
    }
    if (filter.chain) checkOptions(filter.options, filter.chain as ast.Chain, accept);
}

/** Each option at most once, none its chain cannot take, every prefix a valid one. */
function checkOptions(options: readonly ast.RuleOption[], chain: ast.Chain | 'postrouting', accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const option of options) {
        const word = ast.isStateMatch(option) ? 'state' : option.direction;
        if (seen.has(word))
            accept('error', `\`${word}\` is given twice (iptables allows one ${IPTABLES_OPTION[word]})`, { node: option, code: IssueCodes.DuplicateOption });
        seen.add(word);
        if (ast.isDeviceMatch(option) && FORBIDDEN_OPTIONS[chain].includes(option.direction)) {
            const why = option.direction === 'in' ? 'packets there have no input interface' : 'packets there have no output interface';
            accept('error', `\`${word}\` is not allowed in ${CHAIN_NAME[chain]}: ${why} (iptables refuses ${IPTABLES_OPTION[word]} there)`, {
                node: option,
                property: 'direction',
                code: IssueCodes.OptionNotInChain
            });
        } else if (ast.isAddressMatch(option) && option.prefix) {
            const parsed = parseCidr(option.prefix);
            if ('error' in parsed) accept('error', parsed.error, { node: option, property: 'prefix', code: IssueCodes.InvalidAddress });
        }
    }
}
