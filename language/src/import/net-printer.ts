import { formatIpv4, formatPrefix } from '../address/ipv4.js';
import type { DeviceMatch, InterfaceModel, NodeModel, PrefixMatch, RouteSpec, RuleMatch, Topology } from '../model/topology.js';

/**
 * The `.net` text of a topology: switches, then each node's interfaces, names, sysctls, rules and routes,
 * then the pings, laid out as the examples are (two-space indent). A point-to-point cable is
 * written once, on the side met first. What comes out parses back into the same model.
 */
export function printNet(topology: Topology, header: readonly string[] = []): string {
    const lines = header.map((line) => `# ${line}`.trimEnd());
    for (const sw of topology.switches) lines.push(`switch ${sw.name}${sw.prefix ? ` ${formatPrefix(sw.prefix)}` : ''}`);
    const written = new Set<string>();
    for (const node of topology.nodes) {
        if (lines.length > 0) lines.push('');
        lines.push(`${node.kind} ${node.name} {`, ...nodeLines(node, written).map((line) => `  ${line}`), '}');
    }
    if (topology.pings.length > 0) lines.push('');
    for (const ping of topology.pings) lines.push(`ping ${ping.source} -> ${ping.targetText}${ping.expectReply ? '' : ' fails'}`);
    return lines.join('\n') + '\n';
}

function nodeLines(node: NodeModel, written: Set<string>): string[] {
    return [
        ...node.interfaces.map((iface) => interfaceLine(iface, written)),
        ...node.hosts.map((record) => `hosts ${record.name} ${formatIpv4(record.address)}`),
        ...node.nameservers.map((address) => `nameserver ${formatIpv4(address)}`),
        ...node.dns.map((record) => `dns ${record.name} ${formatIpv4(record.address)}`),
        ...node.sysctls.map(({ key, value }) => `sysctl ${key} = ${value}`),
        ...node.nat.map((rule) => `nat masquerade${ruleOptions(rule, true)}`),
        ...node.policies.map((policy) => `filter ${policy.chain} policy ${policy.verdict}`),
        ...node.filters.map((rule) => `filter ${rule.chain} ${rule.verdict}${ruleOptions(rule)}`),
        ...node.routes.map((route) => `route ${routeWords(route)}`)
    ];
}

function interfaceLine(iface: InterfaceModel, written: Set<string>): string {
    const words = [iface.bridge ? `bridge ${iface.name}` : iface.name];
    if (iface.addresses.length > 0) words.push(iface.addresses.map(formatPrefix).join(', '));
    const link = iface.link;
    if (link?.kind === 'switch') words.push('--', link.switch);
    else if (link?.kind === 'bridge') words.push('--', `${link.node}.${link.bridge}`);
    else if (link?.kind === 'peer' && !written.has(`${iface.node}.${iface.name}`)) {
        written.add(`${link.node}.${link.interface}`);
        words.push('--', `${link.node}.${link.interface}`);
    }
    if (iface.down) words.push('down');
    return words.join(' ');
}

/** A route's `.net` words after `route`: `DEST [TYPE] [via G] [dev D] [metric M]`. */
export function routeWords(route: Omit<RouteSpec, 'text'>): string {
    const words = [route.destination.length === 0 && route.destination.address === 0 ? 'default' : formatPrefix(route.destination)];
    if (route.type !== 'unicast') words.push(route.type);
    if (route.gateway !== undefined) words.push('via', formatIpv4(route.gateway));
    if (route.device !== undefined) words.push('dev', route.device);
    if (route.metric !== 0) words.push('metric', String(route.metric));
    return words.join(' ');
}

/**
 * A rule's options in `.net` words, each after a space, in the contract's order: `in`, `out`,
 * `from`, `to`, `state` for `filter`; `from`, `to`, then the devices for `nat masquerade`.
 */
export function ruleOptions(match: Omit<RuleMatch, 'text'>, nat = false): string {
    const device = (word: string, entry?: DeviceMatch) => (entry ? [`${word} ${entry.negated ? '!' : ''}${entry.device}`] : []);
    const prefix = (word: string, entry?: PrefixMatch) => (entry ? [`${word} ${entry.negated ? '!' : ''}${formatPrefix(entry.prefix)}`] : []);
    const devices = [...device('in', match.in), ...device('out', match.out)];
    const prefixes = [...prefix('from', match.source), ...prefix('to', match.destination)];
    const words = [...(nat ? [...prefixes, ...devices] : [...devices, ...prefixes]), ...(match.states?.length ? [`state ${match.states.join(',')}`] : [])];
    return words.map((word) => ` ${word}`).join('');
}
