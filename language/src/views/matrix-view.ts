import { Cancellation, interruptAndCheck } from 'langium';
import { formatIpv4 } from '../address/ipv4.js';
import type { IcmpErrorType } from '../engine/packet.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import type { MatrixView, PingOutcome } from '../lsp/net-protocol.js';
import type { ModelledDocument } from '../net-document.js';

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

/** Called as the matrix fills: `done` of `total` pings simulated. */
export type MatrixProgress = (done: number, total: number) => void;

/** Pings simulated between two checks for cancellation (a check may yield to the server's other requests). */
const PINGS_PER_CHECK = 64;

/**
 * Every node pinging every address of every interface, in declaration order, each a fresh `ping -c 1`.
 * On a big lab this is millions of pings: between chunks it lets the server answer other requests
 * (Langium's interruptAndCheck yields to the event loop every few milliseconds), stops with
 * OperationCancelled once `token` is cancelled, and reports each percent done to `progress`.
 */
export async function buildMatrixView(
    { document, topology, network }: ModelledDocument,
    token: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
    progress?: MatrixProgress
): Promise<MatrixView> {
    const version = document.textDocument.version;
    const targets = topology.nodes.flatMap((node) =>
        node.interfaces.flatMap((iface) => iface.addresses.map((address) => ({ address: address.address, node: node.name, device: iface.name })))
    );
    const sources = topology.nodes.map((node) => node.name);
    const total = sources.length * targets.length;
    let done = 0;
    let percent = 0;
    progress?.(0, total);
    const cells: PingOutcome[][] = [];
    for (const source of sources) {
        const row: PingOutcome[] = [];
        for (const target of targets) {
            row.push(pingOutcome(simulatePing(network, source, target.address)));
            if (++done % PINGS_PER_CHECK === 0) await interruptAndCheck(token);
        }
        cells.push(row);
        await interruptAndCheck(token);
        if (Math.floor((done * 100) / total) > percent) {
            percent = Math.floor((done * 100) / total);
            progress?.(done, total);
        }
    }
    return {
        uri: document.uri.toString(),
        version,
        sources,
        targets: targets.map((target) => ({ ...target, address: formatIpv4(target.address) })),
        cells
    };
}
