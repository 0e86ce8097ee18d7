/** The reachability matrix's colours and legend: one per way a ping can end. Pure data. */
import type { PingOutcome } from '../../language/src/lsp/net-protocol.js';

export interface OutcomeStyle {
    readonly outcome: PingOutcome;
    readonly label: string;
    /** A sentence for the legend and the cell's tooltip. */
    readonly meaning: string;
    /** The theme colour it is drawn in (a VS Code CSS variable, with a fallback). */
    readonly color: string;
}

/** In legend order: the good outcome first, then the loud failures, then silence. */
export const OUTCOME_STYLES: readonly OutcomeStyle[] = [
    { outcome: 'reply', label: 'reply', meaning: 'an echo reply comes back', color: 'var(--vscode-charts-green, #388a34)' },
    {
        outcome: 'no-route',
        label: 'no route',
        meaning: 'ping cannot send: the pinger has no usable route (connect error)',
        color: 'var(--vscode-charts-purple, #652d90)'
    },
    {
        outcome: 'net-unreachable',
        label: 'net unreachable',
        meaning: 'a router on the way has no route and answers Destination Net Unreachable',
        color: 'var(--vscode-charts-red, #be1100)'
    },
    {
        outcome: 'host-unreachable',
        label: 'host unreachable',
        meaning: 'nobody answers ARP for the next hop (or an unreachable route): Destination Host Unreachable',
        color: 'var(--vscode-charts-orange, #d18616)'
    },
    { outcome: 'filtered', label: 'filtered', meaning: 'a prohibit route answers Packet filtered', color: 'var(--vscode-charts-yellow, #bf8803)' },
    { outcome: 'ttl-exceeded', label: 'TTL exceeded', meaning: 'a routing loop: Time to live exceeded', color: 'var(--vscode-charts-blue, #1a85ff)' },
    {
        outcome: 'silent',
        label: 'silent loss',
        meaning: 'ping prints nothing: the request or the reply is dropped without an error',
        color: 'var(--vscode-disabledForeground, #888888)'
    }
];

const BY_OUTCOME = new Map(OUTCOME_STYLES.map((style) => [style.outcome, style]));

export function outcomeStyle(outcome: PingOutcome): OutcomeStyle {
    return BY_OUTCOME.get(outcome)!;
}
