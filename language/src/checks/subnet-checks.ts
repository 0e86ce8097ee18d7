import { formatIpv4, formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import type { InterfaceModel, NodeModel, SwitchModel } from '../model/topology.js';
import { bridgeOverlap } from './bridge-overlap.js';
import type { Finding, Fix } from './finding.js';
import { IssueCodes } from './issue-codes.js';
import { describeHolders, keepsReplies, neighboursIn } from './subnet-support.js';

/**
 * Subnets at the interface line that causes their trouble: a connected prefix wider than its
 * segment's subnet (and the routes it takes destinations from), one subnet on two interfaces of a
 * node, a subnet that overlaps another segment's. Each is a cause the route analysis only sees as
 * a symptom (ARP for a distant address that nobody answers).
 */
export function checkSubnets(network: Network): Finding[] {
    const findings: Finding[] = [];
    const segments: Segments = { switches: new Map(network.topology.switches.map((entry) => [entry.name, entry])), members: new Map() };
    for (const node of network.nodes.values()) {
        for (const iface of node.model.interfaces) {
            const segment = node.segments.get(iface.name);
            if (segment === undefined) continue;
            const members = segments.members.get(segment);
            if (members) members.push({ node, iface });
            else segments.members.set(segment, [{ node, iface }]);
        }
    }
    for (const node of network.nodes.values()) {
        const wide = new Set<string>();
        for (const iface of node.model.interfaces) {
            iface.addresses.forEach((address, index) => {
                const finding = widerThanSegment(network, segments, node, iface, index, address);
                if (!finding) return;
                wide.add(`${iface.name}#${index}`);
                findings.push(finding);
            });
        }
        findings.push(...sameSubnetTwice(network, node, wide), ...overlapsOtherSwitch(network, node, wide));
    }
    findings.push(...overlappingSwitches(network.topology.switches));
    return findings;
}

/** The switches by name, and each segment's interfaces (looked up once: a lab has thousands). */
interface Segments {
    readonly switches: ReadonlyMap<string, SwitchModel>;
    readonly members: Map<string, { readonly node: NetworkNode; readonly iface: InterfaceModel }[]>;
}

/** The prefix length an interface's segment gives its addresses: the switch's, else the one its neighbours in that subnet agree on. */
function segmentLength(segments: Segments, node: NetworkNode, iface: InterfaceModel, address: Ipv4): number | undefined {
    const segment = iface.link?.kind === 'switch' ? segments.switches.get(iface.link.switch) : undefined;
    if (segment?.prefix) return prefixContains(segment.prefix, address) ? segment.prefix.length : undefined;
    const lengths = new Set<number>();
    for (const member of segments.members.get(node.segments.get(iface.name)!) ?? []) {
        if (member.node === node) continue;
        for (const held of member.iface.addresses) if (prefixContains(held, address)) lengths.add(held.length);
    }
    return lengths.size === 1 ? [...lengths][0] : undefined;
}

/** Where the segment's name is known, its switch; else the interface's link. */
function segmentWords(iface: InterfaceModel): string {
    return iface.link?.kind === 'switch' ? `${iface.link.switch}'s` : `the segment of ${iface.node}.${iface.name}'s`;
}

function widerThanSegment(network: Network, segments: Segments, node: NetworkNode, iface: InterfaceModel, index: number, address: Prefix): Finding | undefined {
    const length = segmentLength(segments, node, iface, address.address);
    if (length === undefined || address.length >= length) return undefined;
    const connected = { address: networkOf(address.address, address.length), length: address.length };
    const subnet = { address: networkOf(address.address, length), length };
    // The routes the wide connected route takes destinations from: the node's shorter prefixes that cover it.
    const shadowed = node.table.entries.filter(
        (entry) => entry.spec && entry.length < address.length && prefixContains({ address: entry.destination, length: entry.length }, connected.address)
    );
    const lost = knownOutside(network, node, connected, subnet);
    const name = node.model.name;
    const taken = shadowed.length ? ` off ${shadowed.map((entry) => `the route \`${entry.spec!.text}\``).join(' and ')}` : '';
    const examples = lost.length
        ? `: ${describeHolders(network, lost)} ${lost.length === 1 ? 'is' : 'are'} then looked for by ARP on ${iface.name}, where nobody answers`
        : '';
    const fix: Fix = {
        title: `Use /${length} for ${formatIpv4(address.address)} (${segmentWords(iface)} subnet ${formatPrefix(subnet)})`,
        changes: [{ kind: 'set-prefix-length', subject: iface, index, length }]
    };
    return {
        severity: 'warning',
        code: IssueCodes.PrefixWiderThanSegment,
        subject: iface,
        message:
            `${formatPrefix(address)} on ${name}.${iface.name} is wider than ${segmentWords(iface)} subnet ${formatPrefix(subnet)}: its connected route ` +
            `${formatPrefix(connected)} takes every destination in it outside ${formatPrefix(subnet)}${taken}${examples}`,
        fix: keepsReplies(network, [node], fix) ? fix : undefined
    };
}

/** Known addresses in `wide` but outside `subnet`, held by other nodes, that `node` would send on-link by the wide route. */
function knownOutside(network: Network, node: NetworkNode, wide: Prefix, subnet: Prefix): Ipv4[] {
    const found: Ipv4[] = [];
    for (const [address, holders] of network.owners) {
        if (!prefixContains(wide, address) || prefixContains(subnet, address) || holders.includes(node)) continue;
        found.push(address);
    }
    return found.sort((a, b) => a - b);
}

/**
 * The second interface of a node with a subnet that overlaps one of its first's: only one of them
 * gets the packets for it. A bridge against another interface is a container host's clash with its
 * LAN, said in those words (bridge-overlap.ts).
 */
function sameSubnetTwice(network: Network, node: NetworkNode, wide: ReadonlySet<string>): Finding[] {
    const findings: Finding[] = [];
    const seen: { iface: InterfaceModel; index: number; prefix: Prefix }[] = [];
    for (const iface of node.model.interfaces) {
        iface.addresses.forEach((address, index) => {
            const prefix = { address: networkOf(address.address, address.length), length: address.length };
            const earlier = seen.find(
                (entry) =>
                    entry.iface !== iface &&
                    node.segments.get(entry.iface.name) !== node.segments.get(iface.name) &&
                    (prefixContains(entry.prefix, prefix.address) || prefixContains(prefix, entry.prefix.address))
            );
            seen.push({ iface, index, prefix });
            if (!earlier || wide.has(`${iface.name}#${index}`) || address.length >= 32 || earlier.prefix.length >= 32) return;
            const overlap = prefix.length >= earlier.prefix.length ? prefix : earlier.prefix;
            if (!iface.bridge !== !earlier.iface.bridge) {
                const [bridge, lan] = iface.bridge ? [{ iface, index, prefix }, earlier] : [earlier, { iface, index, prefix }];
                findings.push(bridgeOverlap(network, node, bridge, lan, neighboursIn(network, node, lan.iface, overlap)));
                return;
            }
            findings.push({
                severity: 'warning',
                code: IssueCodes.SubnetOnTwoInterfaces,
                subject: iface,
                message:
                    `${formatPrefix(address)} on ${iface.name} is in the same subnet as ${earlier.iface.name}'s ${formatPrefix(earlier.prefix)}: ` +
                    `${node.model.name} has one route for ${formatPrefix(overlap)}${misrouted(network, node, iface, overlap, earlier.iface)}`
            });
        });
    }
    return findings;
}

/** Where the node's route for the shared subnet leads, and whose addresses it then cannot reach. */
function misrouted(network: Network, node: NetworkNode, iface: InterfaceModel, overlap: Prefix, earlier: InterfaceModel): string {
    for (const [side, other] of [
        [iface, earlier],
        [earlier, iface]
    ]) {
        const unreached = neighboursIn(network, node, side, overlap).filter((address) => {
            const lookup = node.table.lookup(address);
            return lookup.kind === 'route' && lookup.route.device === other.name;
        });
        if (unreached.length) {
            return `, by ${other.name}: ${describeHolders(network, unreached)} on ${side.name}'s segment ${unreached.length === 1 ? 'is' : 'are'} looked for on ${other.name}, where nobody answers`;
        }
    }
    return '';
}

/** An interface's subnet (a bridge's included) that takes, by its connected route, addresses of a switch the node is not on. */
function overlapsOtherSwitch(network: Network, node: NetworkNode, wide: ReadonlySet<string>): Finding[] {
    const findings: Finding[] = [];
    const mine = new Set(node.model.interfaces.flatMap((iface) => (iface.link?.kind === 'switch' ? [iface.link.switch] : [])));
    for (const iface of node.model.interfaces) {
        iface.addresses.forEach((address, index) => {
            if (wide.has(`${iface.name}#${index}`)) return;
            const prefix = { address: networkOf(address.address, address.length), length: address.length };
            for (const other of network.topology.switches) {
                if (!other.prefix || mine.has(other.name) || `switch:${other.name}` === node.segments.get(iface.name)) continue;
                // A container's subnet is its bridge's: where the bridge's host is on that switch, the host's bridge line says it.
                if (iface.link?.kind === 'bridge' && hostOn(network, iface.link.node, other.name)) continue;
                if (!prefixContains(prefix, other.prefix.address) && !prefixContains(other.prefix, prefix.address)) continue;
                const taken = onSwitch(network, other.name).filter((held) => {
                    const lookup = node.table.lookup(held);
                    return lookup.kind === 'route' && lookup.route.scope === 'link' && lookup.route.device === iface.name;
                });
                if (!taken.length) continue;
                findings.push({
                    severity: 'warning',
                    code: IssueCodes.OverlappingSubnets,
                    subject: iface,
                    message:
                        `${formatPrefix(address)} on ${node.model.name}.${iface.name} overlaps ${other.name}'s subnet ${formatPrefix(other.prefix)}, another segment: ` +
                        `${describeHolders(network, taken)} on ${other.name} ${taken.length === 1 ? 'is' : 'are'} looked for by ARP on ${iface.name}, where nobody answers`
                });
            }
        });
    }
    return findings;
}

function hostOn(network: Network, host: string, switchName: string): boolean {
    return network.nodes.get(host)?.model.interfaces.some((iface) => iface.link?.kind === 'switch' && iface.link.switch === switchName) ?? false;
}

/** The addresses held by interfaces plugged into a switch. */
function onSwitch(network: Network, name: string): Ipv4[] {
    return network.topology.nodes.flatMap((node: NodeModel) =>
        node.interfaces
            .filter((iface) => iface.link?.kind === 'switch' && iface.link.switch === name)
            .flatMap((iface) => iface.addresses.map((held) => held.address))
    );
}

/** Two switches whose subnets overlap: an address in both can be on only one of them, and routes reach only one. */
function overlappingSwitches(switches: readonly SwitchModel[]): Finding[] {
    const findings: Finding[] = [];
    switches.forEach((entry, at) => {
        const first = switches
            .slice(0, at)
            .find(
                (other) =>
                    other.prefix && entry.prefix && (prefixContains(other.prefix, entry.prefix.address) || prefixContains(entry.prefix, other.prefix.address))
            );
        if (!first) return;
        findings.push({
            severity: 'warning',
            code: IssueCodes.OverlappingSubnets,
            subject: entry,
            message:
                `${entry.name}'s subnet ${formatPrefix(entry.prefix!)} overlaps ${first.name}'s ${formatPrefix(first.prefix!)}: ` +
                `addresses in both can be on only one of the two segments, and a route for them leads to one only`
        });
    });
    return findings;
}
