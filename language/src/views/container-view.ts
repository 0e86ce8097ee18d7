import type { FilterDecision } from '../engine/filter.js';
import type { Translation } from '../engine/packet.js';
import { formatFilterRule, formatFilterRules, formatNatRule, formatNatRules, formatPolicy, hasRules } from '../engine/rule-format.js';
import type { FilterPolicy, FilterRule, InterfaceModel, MasqueradeRule, NodeModel, Topology } from '../model/topology.js';

/**
 * Containers as the editor shows them: a node's bridges with the interfaces plugged into each, its
 * iptables rules through the engine's printers (`rule-format.ts`, never a second formatter), and
 * the rule behind each translation and filter verdict of a trace. Plain data from the model.
 */

/** A Linux bridge of a node, and the interfaces (other nodes' veth ends) plugged into its ports, in file order. */
export interface BridgeFacts {
    readonly host: string;
    readonly bridge: InterfaceModel;
    readonly ports: readonly InterfaceModel[];
}

/** The bridges of a node, in file order. */
export function bridgesOf(topology: Topology, node: NodeModel): BridgeFacts[] {
    return node.interfaces.filter((iface) => iface.bridge).map((bridge) => bridgeFacts(topology, bridge));
}

/** A bridge (an interface declared with `bridge`) and what is plugged into it. */
export function bridgeFacts(topology: Topology, bridge: InterfaceModel): BridgeFacts {
    const ports = topology.nodes
        .flatMap((node) => node.interfaces)
        .filter((iface) => iface.link?.kind === 'bridge' && iface.link.node === bridge.node && iface.link.bridge === bridge.name);
    return { host: bridge.node, bridge, ports };
}

/** A node's rules exactly as `iptables -S` and `iptables -t nat -S` print them; undefined for a node without `nat` or `filter` lines. */
export function ruleListings(node: NodeModel): { readonly filter: string; readonly nat: string } | undefined {
    return hasRules(node) ? { filter: formatFilterRules(node), nat: formatNatRules(node) } : undefined;
}

/** A `nat` or `filter` line's model object as iptables lists it. */
export type RuleObject = MasqueradeRule | FilterRule | FilterPolicy;

/** One rule as `iptables -S` (or `-t nat -S`) prints it, and which command that is. */
export interface RuleLine {
    readonly command: 'iptables -S' | 'iptables -t nat -S';
    readonly line: string;
}

export function ruleLine(rule: RuleObject): RuleLine {
    if (!('chain' in rule)) return { command: 'iptables -t nat -S', line: formatNatRule(rule) };
    return { command: 'iptables -S', line: 'text' in rule ? formatFilterRule(rule) : formatPolicy(rule) };
}

/** The policy line of a node's chain that is in force (the last one written), if any (else the chain's default, ACCEPT). */
export function policyInForce(node: NodeModel, chain: FilterPolicy['chain']): FilterPolicy | undefined {
    return node.policies.filter((entry) => entry.chain === chain).at(-1);
}

/**
 * What decided something netfilter did to a packet at a step: the MASQUERADE rule of a translation,
 * the rule of a filter verdict, or the chain's policy (the line in force; none for the default).
 * `line` is how iptables lists it.
 */
export interface NetfilterCause {
    readonly line: string;
    /** The model object written on the deciding line, whose origin is that line. */
    readonly rule?: RuleObject;
}

export function translationCause(translation: Translation): NetfilterCause {
    return { line: formatNatRule(translation.rule), rule: translation.rule };
}

export function decisionCause(decision: FilterDecision, node: NodeModel | undefined): NetfilterCause {
    if (decision.rule) return { line: formatFilterRule(decision.rule), rule: decision.rule };
    const policy = node && policyInForce(node, decision.chain);
    return { line: formatPolicy(policy ?? { chain: decision.chain, verdict: 'accept' }), ...(policy && { rule: policy }) };
}
