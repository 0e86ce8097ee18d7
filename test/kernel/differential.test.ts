import { expect, test } from 'vitest';
import { simulatePing } from '../../language/src/engine/ping.js';
import { formatIpv4 } from '../../language/src/engine/ipv4.js';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { labUnavailableReason } from '../../language/src/kernel/availability.js';
import { measureTopology, type KernelTruth } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';
import { randomTopology } from './random-topology.js';

/**
 * The differential tier: random topologies, each built in real network namespaces and simulated
 * by the engine; every route table (both formats), every refused route and every ping's printed
 * lines must agree. A new seed every run (printed); NETTOPO_SEED replays one, NETTOPO_DIFF_COUNT
 * sets how many topologies (100 by default; thousands locally).
 */
const seed = Number(process.env.NETTOPO_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.NETTOPO_DIFF_COUNT ?? 100);
const unavailable = labUnavailableReason();

/** What the engine predicts, in the kernel truth's shape (trailing spaces trimmed, as the spec allows). */
async function predict(text: string): Promise<KernelTruth> {
    const { topology, network } = await loadNetText(text);
    return trimmed({
        routes: Object.fromEntries(topology.nodes.map((node) => {
            const table = network.nodes.get(node.name)!.table;
            return [node.name, { ip: formatIpRoutes(table), route: formatRouteN(table) }];
        })),
        pings: topology.pings.map((ping) => {
            const result = simulatePing(network, ping.source, ping.target);
            return { source: ping.source, target: formatIpv4(ping.target), reply: result.reply, lines: [...result.lines] };
        }),
        refused: [...network.nodes.values()].flatMap((node) => node.refused.map((entry) => ({ node: node.model.name, route: entry.spec.text, error: entry.reason })))
    });
}

function trimmed(truth: KernelTruth): KernelTruth {
    const trimLines = (text: string) => text.split('\n').map((line) => line.trimEnd()).join('\n');
    return {
        routes: Object.fromEntries(Object.entries(truth.routes).map(([node, { ip, route }]) => [node, { ip: trimLines(ip), route: trimLines(route) }])),
        pings: truth.pings.map((ping) => ({ ...ping, lines: ping.lines.map((line) => line.trimEnd()) })),
        refused: truth.refused
    };
}

/** The differences between kernel and engine, one readable line each. */
function differences(kernel: KernelTruth, engine: KernelTruth): string[] {
    const found: string[] = [];
    for (const [node, routes] of Object.entries(kernel.routes)) {
        for (const format of ['ip', 'route'] as const) {
            if (engine.routes[node]?.[format] !== routes[format]) {
                found.push(`${node} ${format === 'ip' ? 'ip route' : 'route -n'}:\n  kernel:\n${indent(routes[format])}\n  engine:\n${indent(engine.routes[node]?.[format] ?? '')}`);
            }
        }
    }
    if (JSON.stringify(kernel.refused) !== JSON.stringify(engine.refused)) {
        found.push(`refused routes:\n  kernel: ${JSON.stringify(kernel.refused)}\n  engine: ${JSON.stringify(engine.refused)}`);
    }
    kernel.pings.forEach((ping, index) => {
        const predicted = engine.pings[index];
        if (ping.reply !== predicted.reply || JSON.stringify(ping.lines) !== JSON.stringify(predicted.lines)) {
            found.push(`ping ${ping.source} -> ${ping.target}:\n  kernel: ${ping.reply ? 'reply' : 'no reply'} ${JSON.stringify(ping.lines)}\n  engine: ${predicted.reply ? 'reply' : 'no reply'} ${JSON.stringify(predicted.lines)}`);
        }
    });
    return found;
}

const indent = (text: string) => text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');

test.skipIf(unavailable !== undefined && !process.env.NETTOPO_REQUIRE_KERNEL)(
    `kernel and engine agree on ${count} random topologies (seed ${seed})${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
        expect(unavailable, 'the kernel tier cannot run here').toBeUndefined();
        const started = performance.now();
        const failures: string[] = [];
        let pings = 0;
        let tables = 0;
        const one = async (index: number) => {
            const text = randomTopology(seed + index);
            const [kernel, engine] = await Promise.all([
                measureTopology((await loadNetText(text)).topology).then(trimmed),
                predict(text)
            ]);
            pings += kernel.pings.length;
            tables += Object.keys(kernel.routes).length * 2;
            const found = differences(kernel, engine);
            if (found.length) failures.push(`topology seed ${seed + index}:\n${text}\n${found.join('\n')}`);
        };
        // A few topologies at a time; the lab runner bounds how many labs exist at once.
        const queue = Array.from({ length: count }, (_, index) => index);
        await Promise.all(Array.from({ length: 4 }, async () => {
            for (let index = queue.shift(); index !== undefined; index = queue.shift()) await one(index);
        }));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`differential: ${count} topologies (seeds ${seed}..${seed + count - 1}), ${pings} pings, ${tables} route tables compared, `
            + `${failures.length} disagreeing, ${seconds} s`);
        expect(failures, `kernel and engine disagree (replay with NETTOPO_SEED=${seed}):\n\n${failures.join('\n\n')}`).toEqual([]);
    },
    3_600_000
);
