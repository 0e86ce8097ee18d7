import { formatIpv4, formatPrefix, networkOf, prefixContains } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import type { DeviceMatch, InterfaceModel, RuleMatch } from '../model/topology.js';
import type { Finding } from './finding.js';
import { IssueCodes } from './issue-codes.js';

/**
 * Checks of bridges, containers and iptables rules that the kernel accepts but that cannot do
 * what was meant: a rule about an interface the node lacks, a container outside its bridge's
 * subnet, `nat` on a node that does not forward.
 */
export function checkContainers(network: Network): Finding[] {
    const findings: Finding[] = [];
    for (const node of network.nodes.values()) {
        for (const rule of [...node.model.nat, ...node.model.filters]) checkRuleDevices(node, rule, findings);
        checkNatForwarding(node, findings);
        for (const iface of node.model.interfaces) checkBridgeSubnet(network, iface, findings);
    }
    return findings;
}

/** iptables takes any interface name; one the node does not have never matches (or, with `!`, always does). */
function checkRuleDevices(node: NetworkNode, rule: RuleMatch, findings: Finding[]): void {
    for (const [word, match] of [
        ['in', rule.in],
        ['out', rule.out]
    ] as [string, DeviceMatch | undefined][]) {
        // `lo` is in every namespace: a node's packets to its own addresses cross it.
        if (!match || match.device === 'lo' || node.interfaces.has(match.device)) continue;
        const effect = match.negated ? `\`${word} !${match.device}\` matches every packet` : `the rule never matches`;
        findings.push({
            severity: 'warning',
            code: IssueCodes.RuleUnknownInterface,
            subject: rule,
            message: `${node.model.name} has no interface ${match.device}: iptables accepts the rule, but ${effect}`
        });
    }
}

/** MASQUERADE is for what the node forwards; without forwarding, nothing behind it gets out. */
function checkNatForwarding(node: NetworkNode, findings: Finding[]): void {
    const rule = node.model.nat[0];
    if (!rule || node.model.interfaces.some((iface) => node.settings.forwards(iface.name))) return;
    findings.push({
        severity: 'warning',
        code: IssueCodes.NatWithoutForwarding,
        subject: rule,
        message: `${node.model.name} does not forward (net.ipv4.ip_forward is 0): its masquerade only rewrites what it sends itself, and nothing behind it gets out`
    });
}

/** As with a switch's prefix: a container's address should be in one of its bridge's subnets. */
function checkBridgeSubnet(network: Network, iface: InterfaceModel, findings: Finding[]): void {
    const link = iface.link;
    if (link?.kind !== 'bridge') return;
    const bridge = network.nodes.get(link.node)?.interfaces.get(link.bridge);
    if (!bridge?.addresses.length) return;
    for (const { address } of iface.addresses) {
        if (bridge.addresses.some((prefix) => prefixContains(prefix, address))) continue;
        findings.push({
            severity: 'warning',
            code: IssueCodes.OutsideBridgeSubnet,
            subject: iface,
            message: `${formatIpv4(address)} is outside ${link.node}.${link.bridge}'s subnet ${bridge.addresses.map((prefix) => formatPrefix({ address: networkOf(prefix.address, prefix.length), length: prefix.length })).join(', ')}`
        });
    }
}
