import { describeDown, describeStop } from '../engine/explain.js';
import { arpAnswer, forwardingSetting, selectAddress, usesGateway, validateSource } from '../engine/forwarding.js';
import { downInterface, holdersOnSegment, type Network, type NetworkNode } from '../engine/network.js';
import { broadcastOf, formatIpv4, formatPrefix, networkOf, prefixContains } from '../address/ipv4.js';
import { classifySysctl } from '../engine/node-settings.js';
import { formatDestination } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import type { InterfaceModel, NodeModel, RouteSpec, SysctlAssignment } from '../model/topology.js';
import { MAX_POINTERS, type Finding, type Fix } from './finding.js';
import { IssueCodes } from './issue-codes.js';
import { bringUpFix, refusedByDown } from './down-interfaces.js';
import { checkRouteCycles } from './route-cycles.js';
import { checkSubnets } from './subnet-checks.js';

/** Checks of the configuration itself: addresses, links, sysctls, refused routes and gateways. */
export function checkTopology(network: Network): Finding[] {
    const findings: Finding[] = [];
    checkAddresses(network, findings);
    checkDefaults(network.topology.defaults ?? [], findings);
    // Routes via one gateway nobody answers for, by segment and gateway: many hosts may share that mistake.
    const unanswered = new Map<string, Finding[]>();
    for (const node of network.nodes.values()) {
        checkSysctls(node.model, findings);
        checkRoutes(network, node, findings, unanswered);
    }
    for (const group of unanswered.values()) findings.push(...oncePerGateway(group));
    findings.push(...checkSubnets(network), ...checkRouteCycles(network));
    return findings;
}

function checkAddresses(network: Network, findings: Finding[]): void {
    const firstHolder = new Map<number, InterfaceModel>();
    const switches = new Map(network.topology.switches.map((entry) => [entry.name, entry]));
    for (const node of network.topology.nodes) {
        for (const iface of node.interfaces) {
            for (const { address, length } of iface.addresses) {
                const holder = firstHolder.get(address);
                if (holder) {
                    findings.push({
                        severity: 'warning',
                        code: IssueCodes.DuplicateAddress,
                        subject: iface,
                        message: `${formatIpv4(address)} is also ${holder.node === node.name ? 'on' : `${holder.node}'s address, on`} ${holder.node}.${holder.name}: ARP answers for it will race`
                    });
                } else firstHolder.set(address, iface);
                if (length < 31 && address === networkOf(address, length)) {
                    findings.push({
                        severity: 'warning',
                        code: IssueCodes.NetworkAddress,
                        subject: iface,
                        message: `${formatIpv4(address)}/${length} is the network address of its subnet`
                    });
                } else if (length < 31 && address === broadcastOf(address, length)) {
                    findings.push({
                        severity: 'warning',
                        code: IssueCodes.BroadcastAddress,
                        subject: iface,
                        message: `${formatIpv4(address)}/${length} is the broadcast address of its subnet: other hosts treat packets for it as broadcasts`
                    });
                }
                const segment = iface.link?.kind === 'switch' ? switches.get(iface.link.switch) : undefined;
                if (segment?.prefix && !prefixContains(segment.prefix, address)) {
                    findings.push({
                        severity: 'warning',
                        code: IssueCodes.OutsideSwitchPrefix,
                        subject: iface,
                        message: `${formatIpv4(address)} is outside ${segment.name}'s subnet ${formatPrefix(segment.prefix)}`
                    });
                }
            }
            const peer = iface.link?.kind === 'peer' ? network.nodes.get(iface.link.node)?.interfaces.get(iface.link.interface) : undefined;
            if (
                peer &&
                `${iface.node}.${iface.name}` < `${peer.node}.${peer.name}` &&
                iface.addresses.length &&
                peer.addresses.length &&
                !shareSubnet(iface, peer)
            ) {
                findings.push({
                    severity: 'warning',
                    code: IssueCodes.LinkNoCommonSubnet,
                    subject: iface,
                    message: `${iface.node}.${iface.name} and ${peer.node}.${peer.name} are cabled together but share no subnet: neither has a connected route to the other`
                });
            }
        }
    }
}

function shareSubnet(a: InterfaceModel, b: InterfaceModel): boolean {
    return a.addresses.some((x) =>
        b.addresses.some(
            (y) => prefixContains({ address: x.address, length: x.length }, y.address) || prefixContains({ address: y.address, length: y.length }, x.address)
        )
    );
}

/** The `defaults` lines, once each (not once per node that inherits them). */
function checkDefaults(defaults: readonly SysctlAssignment[], findings: Finding[]): void {
    for (const sysctl of defaults) {
        const info = classifySysctl(sysctl.key);
        if (info.kind === 'conf' && info.device !== 'all') {
            findings.push({
                severity: 'error',
                code: IssueCodes.SysctlUnknownInterface,
                subject: sysctl,
                message: `${sysctl.key} names one interface, and defaults apply to every node: write conf.all, or the line in the nodes that have ${info.device}`
            });
        } else checkSysctlValue(sysctl, findings);
    }
}

function checkSysctls(node: NodeModel, findings: Finding[]): void {
    for (const sysctl of node.sysctls) {
        if (sysctl.fromDefaults) continue;
        const info = classifySysctl(sysctl.key);
        if (info.kind === 'conf' && info.device !== 'all' && !node.interfaces.some((iface) => iface.name === info.device)) {
            findings.push({
                severity: 'error',
                code: IssueCodes.SysctlUnknownInterface,
                subject: sysctl,
                message: `sysctl: cannot stat /proc/sys/${sysctl.key.replaceAll('.', '/')}: No such file or directory (${node.name} has no interface ${info.device})`
            });
        } else checkSysctlValue(sysctl, findings);
    }
}

/** An unmodelled key (a warning) or a value out of the key's range (an error). */
function checkSysctlValue(sysctl: SysctlAssignment, findings: Finding[]): void {
    const info = classifySysctl(sysctl.key);
    if (info.kind === 'unmodelled') {
        findings.push({
            severity: 'warning',
            code: IssueCodes.SysctlNotModelled,
            subject: sysctl,
            message: `${sysctl.key} is not modelled: the simulation ignores it`
        });
    } else if (sysctl.value > info.max) {
        findings.push({
            severity: 'error',
            code: IssueCodes.SysctlValue,
            subject: sysctl,
            message: `${sysctl.key} takes ${info.max === 1 ? '0 or 1' : '0, 1 or 2'}, not ${sysctl.value}`
        });
    }
}

function checkRoutes(network: Network, node: NetworkNode, findings: Finding[], unanswered: Map<string, Finding[]>): void {
    const name = node.model.name;
    for (const { spec, reason } of node.refused) {
        if (spec.type === 'unicast' && spec.gateway === undefined && spec.device === undefined) continue;
        const down = refusedByDown(network, node, spec, reason);
        findings.push({
            severity: 'error',
            code: IssueCodes.RouteRefused,
            subject: spec,
            fix: down ? bringUpFix(network, down) : refusalFix(node, spec, reason),
            message: `ip route add refuses this route: ${reason} ${down ? `(${describeDown(down)})` : refusalHint(node, reason, spec.gateway)}`.trim()
        });
    }
    for (const entry of node.table.entries) {
        if (!entry.spec || entry.type !== 'unicast' || !usesGateway(node, entry)) continue;
        const gateway = entry.gateway!;
        const owner = holdersOnSegment(network, node, entry.device!, gateway)[0];
        const group = `${node.segments.get(entry.device!)} ${gateway}`;
        if (!owner) {
            const link = node.interfaces.get(entry.device!)?.link;
            const where = link?.kind === 'switch' ? link.switch : `the link of ${name}.${entry.device}`;
            const down = downInterface(network, node, gateway, entry.device);
            const fix = down && bringUpFix(network, down);
            add(unanswered, group, {
                severity: 'warning',
                code: IssueCodes.GatewayNotOwned,
                subject: entry.spec,
                ...(fix && { fix }),
                message: down
                    ? `${describeDown(down)}: ARP for the gateway ${formatIpv4(gateway)} gets no answer on ${where}, so packets on this route are lost`
                    : `no interface on ${where} owns ${formatIpv4(gateway)}: ARP for the gateway gets no answer, so packets on this route are lost`
            });
            continue;
        }
        const sender = entry.source ?? selectAddress(node, entry.device!, gateway) ?? 0;
        if (!arpAnswer(network, node, entry.device!, gateway, sender)) {
            const check = validateSource(owner.node, owner.device, sender, undefined);
            add(unanswered, group, {
                severity: 'warning',
                code: IssueCodes.GatewayIgnoresArp,
                subject: entry.spec,
                message:
                    `${owner.node.model.name} owns ${formatIpv4(gateway)} but ignores ${name}'s ARP requests from ${formatIpv4(sender)}` +
                    (check.ok ? '' : `: ${describeStop(check.stop)}`)
            });
        }
    }
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** Routes that share one unanswered gateway: each its own warning if they are few, else one warning for all. */
function oncePerGateway(group: readonly Finding[]): readonly Finding[] {
    if (group.length <= MAX_POINTERS) return group;
    const [first, ...others] = group;
    return [
        {
            ...first,
            message: `${first.message} (and ${others.length} more routes use the same gateway there)`,
            related: others.map((other) => ({ subject: other.subject, message: 'uses the same gateway' }))
        }
    ];
}

/** The routes whose gateway's node does not forward: the cause report groups them with the pings that die there. */
export interface ForwardingGateway {
    readonly node: NetworkNode;
    readonly route: RouteEntry;
    readonly gateway: NetworkNode;
    /** The sysctl that is 0 (`net.ipv4.ip_forward`, or the gateway interface's `forwarding`). */
    readonly setting: string;
}

/** Every route whose gateway does not forward what arrives on its interface (a host route to the gateway node itself excepted). */
export function forwardingGateways(network: Network): ForwardingGateway[] {
    const found: ForwardingGateway[] = [];
    for (const node of network.nodes.values()) {
        for (const route of node.table.entries) {
            if (!route.spec || route.type !== 'unicast' || !usesGateway(node, route)) continue;
            const owner = holdersOnSegment(network, node, route.device!, route.gateway!)[0];
            const onlyItsOwn = route.length === 32 && owner?.node.table.locals.has(route.destination);
            if (!owner || onlyItsOwn || owner.node.settings.forwards(owner.device)) continue;
            found.push({ node, route, gateway: owner.node, setting: forwardingSetting(owner.node, owner.device) });
        }
    }
    return found;
}

/** The fix for a refused route, where the kernel's reason says what it is: host bits to clear, a duplicate to drop. */
function refusalFix(node: NetworkNode, spec: RouteSpec, reason: string): Fix | undefined {
    if (reason.includes('Invalid prefix')) {
        const cleared = formatPrefix({ address: networkOf(spec.destination.address, spec.destination.length), length: spec.destination.length });
        return { title: `Use ${cleared} (clear the host bits)`, changes: [{ kind: 'set-destination', subject: spec, destination: cleared }] };
    }
    if (reason.includes('File exists')) {
        return {
            title: `Remove this route (${node.model.name} already has a route to ${formatDestination({ destination: spec.destination.address, length: spec.destination.length })} with metric ${spec.metric})`,
            changes: [{ kind: 'remove', subject: spec }]
        };
    }
    return undefined;
}

function refusalHint(node: NetworkNode, reason: string, gateway: number | undefined): string {
    if (reason.includes('invalid gateway') && gateway !== undefined) {
        return `(${formatIpv4(gateway)} is not inside a subnet ${node.model.name} is directly connected to on that interface)`;
    }
    if (reason.includes('File exists'))
        return `(${node.model.name} already has a route to this destination with this metric; add a different \`metric\` to keep both)`;
    if (reason.includes('Cannot find device')) return '(no such device)';
    if (reason.includes('Invalid prefix')) return '(the address has bits set beyond the prefix length)';
    return '';
}
