import type { AstNode } from 'langium';
import { formatIpv4, formatPrefix, networkOf } from '../address/ipv4.js';
import type { PingRun } from '../checks/ping-checks.js';
import { describeLinkState } from '../engine/explain.js';
import { outcomeVerdict } from '../engine/name-explain.js';
import type { NetworkNode } from '../engine/network.js';
import { forwardingState } from '../engine/node-settings.js';
import { pingTargets } from '../engine/ping-target.js';
import { formatIpRoute, formatIpRoutes, formatRouteN } from '../engine/route-format.js';
import type { BridgeView, DiagnosticView, LinkView, NodeView, PingLineView, PingTargetView, SwitchView, TopologyView } from '../lsp/net-protocol.js';
import type { SwitchModel, Topology } from '../model/topology.js';
import type { ModelledDocument } from '../net-document.js';
import { bridgesOf, ruleListings } from './container-view.js';
import { diagnosticView, nameRangeOf, placeOf, rangeWithin } from './view-ranges.js';

type Origins = ReadonlyMap<object, AstNode>;

/**
 * The document's topology as the simulator draws it: switches, nodes with their settings and
 * route tables (the engine's printers), cables, `ping` lines with their outcome, and where each
 * is written, and what a ping can be aimed at. Built from the document's model, compiled network
 * and simulated pings (the model services'), after validation.
 */
export function buildTopologyView(modelled: ModelledDocument): TopologyView {
    const { document, topology, network, origins, pingRuns } = modelled;
    const diagnostics = (document.diagnostics ?? []).map(diagnosticView);
    return {
        uri: document.uri.toString(),
        version: document.textDocument.version,
        switches: topology.switches.map((model) => switchView(model, topology, origins, diagnostics)),
        nodes: [...network.nodes.values()].map((node) => nodeView(node, origins, diagnostics)),
        bridges: topology.nodes
            .flatMap((node) => bridgesOf(topology, node))
            .map(({ host, bridge }): BridgeView => ({
                id: `${host}.${bridge.name}`,
                host,
                name: bridge.name,
                addresses: bridge.addresses.map(formatPrefix),
                range: placeOf(origins.get(bridge))
            })),
        links: linkViews(topology),
        pings: pingRuns.map((run) => pingLineView(run, origins)),
        pingTargets: pingTargets(topology).map((target): PingTargetView => ({ ...target, address: formatIpv4(target.address) }))
    };
}

function switchView(model: SwitchModel, topology: Topology, origins: Origins, diagnostics: readonly DiagnosticView[]): SwitchView {
    const syntax = origins.get(model);
    const range = placeOf(syntax);
    return {
        name: model.name,
        subnets: model.prefix ? [formatPrefix(model.prefix)] : portSubnets(model.name, topology),
        range: syntax ? nameRangeOf(syntax) : range,
        diagnostics: diagnostics.filter((diagnostic) => rangeWithin(diagnostic.range, range))
    };
}

/** The distinct subnets of the addresses on a switch's ports, in port order. */
function portSubnets(name: string, topology: Topology): string[] {
    const subnets = new Set<string>();
    for (const node of topology.nodes) {
        for (const iface of node.interfaces) {
            if (iface.link?.kind !== 'switch' || iface.link.switch !== name) continue;
            for (const address of iface.addresses) subnets.add(formatPrefix({ address: networkOf(address.address, address.length), length: address.length }));
        }
    }
    return [...subnets];
}

function nodeView(node: NetworkNode, origins: Origins, diagnostics: readonly DiagnosticView[]): NodeView {
    const { model, settings, table } = node;
    const syntax = origins.get(model);
    const blockRange = placeOf(syntax);
    const devices = model.interfaces.map((iface) => iface.name);
    const iptables = ruleListings(model);
    const perDevice = <T>(value: (device: string) => T) => Object.fromEntries(devices.map((device) => [device, value(device)]));
    return {
        name: model.name,
        kind: model.kind,
        range: syntax ? nameRangeOf(syntax) : blockRange,
        blockRange,
        interfaces: model.interfaces.map((iface) => {
            const state = describeLinkState(node, iface.name);
            return { name: iface.name, addresses: iface.addresses.map(formatPrefix), ...(state && { state: state.brief }), range: placeOf(origins.get(iface)) };
        }),
        sysctls: model.sysctls.map((sysctl) => ({ key: sysctl.key, value: sysctl.value, range: placeOf(origins.get(sysctl)) })),
        forwarding: forwardingState(model, settings),
        interfaceForwarding: perDevice((device) => settings.forwards(device)),
        rpFilter: perDevice((device) => settings.rpFilter(device)),
        sendRedirects: perDevice((device) => settings.sendRedirects(device)),
        ipRoute: formatIpRoutes(table),
        routeN: formatRouteN(table),
        routes: table.sorted().map((entry) => {
            const statement = entry.spec && origins.get(entry.spec);
            return { text: formatIpRoute(entry), ...(statement && { range: placeOf(statement) }) };
        }),
        ...(iptables && { iptables }),
        diagnostics: diagnostics.filter((diagnostic) => rangeWithin(diagnostic.range, blockRange))
    };
}

/** Every cable once: a port on a switch, a veth pair to a bridge's port, or a point-to-point cable (listed from its first declared end). */
function linkViews(topology: Topology): LinkView[] {
    const links: LinkView[] = [];
    const seen = new Set<string>();
    for (const node of topology.nodes) {
        for (const iface of node.interfaces) {
            const link = iface.link;
            if (link?.kind === 'switch') links.push({ kind: 'switch', node: node.name, device: iface.name, switch: link.switch });
            else if (link?.kind === 'bridge') links.push({ kind: 'bridge', node: node.name, device: iface.name, bridge: `${link.node}.${link.bridge}` });
            else if (link?.kind === 'peer' && !seen.has(`${node.name}.${iface.name}`)) {
                seen.add(`${link.node}.${link.interface}`);
                links.push({ kind: 'cable', a: { node: node.name, device: iface.name }, b: { node: link.node, device: link.interface } });
            }
        }
    }
    return links;
}

function pingLineView(run: PingRun, origins: Origins): PingLineView {
    const syntax = origins.get(run.ping);
    return {
        source: run.ping.source,
        targetText: run.ping.targetText,
        ...(run.result.target !== undefined && { target: formatIpv4(run.result.target) }),
        expectReply: run.ping.expectReply,
        holds: run.holds,
        verdict: outcomeVerdict(run.result),
        range: placeOf(syntax)
    };
}
