import { formatIpv4 } from '../address/ipv4.js';
import type { Network } from '../engine/network.js';
import { simulatePingTo } from '../engine/name-ping.js';
import { formatIpRoutes, formatRouteN } from '../engine/route-format.js';
import { formatFilterRules, formatNatRules, hasRules } from '../engine/rule-format.js';
import type { PingTo } from '../model/topology.js';
import type { KernelTruth } from './lab.js';
import { formatPingFrom } from '../engine/ping-target.js';

/** A ping to compare: a source node and a target address or host name. */
export type PingCase = { readonly source: string } & PingTo;

/** What the engine predicts for a network, in the shape the kernel lab measures. */
export function predictTruth(network: Network, pings: readonly PingCase[]): KernelTruth {
    const ruled = network.topology.nodes.filter(hasRules);
    return withoutTrailingSpaces({
        routes: Object.fromEntries(
            network.topology.nodes.map((node) => {
                const table = network.nodes.get(node.name)!.table;
                return [node.name, { ip: formatIpRoutes(table), route: formatRouteN(table) }];
            })
        ),
        pings: pings.map((ping) => {
            const result = simulatePingTo(network, ping.source, ping);
            return {
                source: ping.source,
                target: ping.name ?? formatIpv4(ping.target),
                ...(ping.from && { from: formatPingFrom(ping.from) }),
                ...(ping.count !== undefined && { count: ping.count }),
                ...(ping.broadcast && { broadcast: true as const }),
                reply: result.reply,
                lines: [...result.lines]
            };
        }),
        refused: [...network.nodes.values()].flatMap((node) =>
            node.refused.map((entry) => ({ node: node.model.name, route: entry.spec.text, error: entry.reason }))
        ),
        ...(ruled.length > 0 && { rules: Object.fromEntries(ruled.map((node) => [node.name, { filter: formatFilterRules(node), nat: formatNatRules(node) }])) })
    });
}

/** The same truth with trailing spaces removed from every line (the comparison ignores them, as the spec allows). */
export function withoutTrailingSpaces(truth: KernelTruth): KernelTruth {
    const trimLines = (text: string) =>
        text
            .split('\n')
            .map((line) => line.trimEnd())
            .join('\n');
    return {
        routes: Object.fromEntries(Object.entries(truth.routes).map(([node, { ip, route }]) => [node, { ip: trimLines(ip), route: trimLines(route) }])),
        pings: truth.pings.map((ping) => ({ ...ping, lines: ping.lines.map((line) => line.trimEnd()) })),
        refused: truth.refused,
        ...(truth.rules && {
            rules: Object.fromEntries(Object.entries(truth.rules).map(([node, { filter, nat }]) => [node, { filter: trimLines(filter), nat: trimLines(nat) }]))
        })
    };
}

/** One disagreement between the kernel and the engine, readable as is. */
export interface Difference {
    readonly what: string;
    readonly kernel: string;
    readonly engine: string;
}

/** Every difference between what the kernel did and what the engine predicted (both trimmed). */
export function truthDifferences(kernel: KernelTruth, engine: KernelTruth): Difference[] {
    const found: Difference[] = [];
    for (const node of new Set([...Object.keys(kernel.routes), ...Object.keys(engine.routes)])) {
        const measured = kernel.routes[node];
        const predicted = engine.routes[node];
        if (measured?.ip !== predicted?.ip) found.push({ what: `${node}: ip route`, kernel: measured?.ip ?? '', engine: predicted?.ip ?? '' });
        if (measured?.route !== predicted?.route) found.push({ what: `${node}: route -n`, kernel: measured?.route ?? '', engine: predicted?.route ?? '' });
    }
    for (const node of new Set([...Object.keys(kernel.rules ?? {}), ...Object.keys(engine.rules ?? {})])) {
        const measured = kernel.rules?.[node];
        const predicted = engine.rules?.[node];
        if (measured?.filter !== predicted?.filter)
            found.push({ what: `${node}: iptables -S`, kernel: measured?.filter ?? '', engine: predicted?.filter ?? '' });
        if (measured?.nat !== predicted?.nat) found.push({ what: `${node}: iptables -t nat -S`, kernel: measured?.nat ?? '', engine: predicted?.nat ?? '' });
    }
    const refusals = (truth: KernelTruth) => truth.refused.map((entry) => `${entry.node}: route ${entry.route}: ${entry.error}`).join('\n');
    if (refusals(kernel) !== refusals(engine)) found.push({ what: 'refused routes', kernel: refusals(kernel), engine: refusals(engine) });
    const shown = (entry: KernelTruth['pings'][number] | undefined) =>
        entry ? `${entry.reply ? 'reply' : 'no reply'}${entry.lines.map((line) => `\n${line}`).join('')}` : '(not run)';
    for (let index = 0; index < Math.max(kernel.pings.length, engine.pings.length); index++) {
        const ping = kernel.pings[index] ?? engine.pings[index];
        if (shown(kernel.pings[index]) !== shown(engine.pings[index])) {
            found.push({ what: `ping ${ping.source} -> ${ping.target}`, kernel: shown(kernel.pings[index]), engine: shown(engine.pings[index]) });
        }
    }
    return found;
}

/** A difference as indented text: what, then the kernel's and the engine's versions. */
export function formatDifference(difference: Difference): string {
    const indent = (text: string) =>
        (text.trimEnd() || '(nothing)')
            .split('\n')
            .map((line) => `      ${line}`)
            .join('\n');
    return `  ${difference.what}\n    kernel:\n${indent(difference.kernel)}\n    nettopo:\n${indent(difference.engine)}`;
}
