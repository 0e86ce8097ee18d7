import type { LangiumDocument } from 'langium';
import { formatIpv4 } from '../address/ipv4.js';
import type { IcmpErrorType } from '../engine/packet.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import type { Topology as TopologyAst } from '../generated/ast.js';
import type { MatrixView, PingOutcome } from '../lsp/net-protocol.js';
import { documentModel } from '../net-document.js';

const ERROR_OUTCOMES: Record<IcmpErrorType, PingOutcome> = {
    'Destination Net Unreachable': 'net-unreachable',
    'Destination Host Unreachable': 'host-unreachable',
    'Packet filtered': 'filtered',
    'Time to live exceeded': 'ttl-exceeded',
    'Destination Port Unreachable': 'filtered'
};

/**
 * How a simulated ping ends, as the matrix colours it: by what `ping -c 1` shows the user. An ICMP
 * error counts only when it gets back to the pinger (printed); one lost on the way is silence.
 */
export function pingOutcome(result: PingResult): PingOutcome {
    const failure = result.failure;
    if (result.reply || !failure) return 'reply';
    if (failure.stage === 'connect') return 'no-route';
    if (failure.stage === 'request' && failure.error) return ERROR_OUTCOMES[failure.error.type];
    return 'silent';
}

/** Every node pinging every address of every interface, in declaration order, each a fresh `ping -c 1`. */
export function buildMatrixView(document: LangiumDocument<TopologyAst>): MatrixView {
    const { topology, network } = documentModel(document);
    const targets = topology.nodes.flatMap((node) => node.interfaces.flatMap((iface) =>
        iface.addresses.map((address) => ({ address: address.address, node: node.name, device: iface.name }))));
    const sources = topology.nodes.map((node) => node.name);
    return {
        uri: document.uri.toString(),
        version: document.textDocument.version,
        sources,
        targets: targets.map((target) => ({ ...target, address: formatIpv4(target.address) })),
        cells: sources.map((source) => targets.map((target) => pingOutcome(simulatePing(network, source, target.address))))
    };
}
