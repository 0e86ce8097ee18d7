import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulatePingTo } from '../../language/src/engine/name-ping.js';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { parsePingTarget } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';

/**
 * Kernel measurements: each `.net` file with what Linux printed for it (`.truth.json`): the
 * project's kernel samples (and its container labs), and edge cases recorded with `nettopo verify --all-pairs --json`.
 */
const fixtures = join(import.meta.dirname, '../fixtures');
const samples = ['kernel-samples', 'kernel-cases', 'kernel-samples-containers'].flatMap((dir) =>
    readdirSync(join(fixtures, dir))
        .filter((file) => file.endsWith('.net'))
        .map((file) => join(dir, file.slice(0, -4)))
);

interface Truth {
    routes: Record<string, { ip: string; route: string }>;
    pings: { source: string; target: string; from?: string; count?: number; broadcast?: true; reply: boolean; lines: string[] }[];
    refused: { node: string; route: string; error: string }[];
}

const trimLines = (text: string) =>
    text
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n');

describe.each(samples)('kernel sample %s', (name) => {
    const truth = JSON.parse(readFileSync(join(fixtures, `${name}.truth.json`), 'utf8')) as Truth;
    const loading = loadNetText(readFileSync(join(fixtures, `${name}.net`), 'utf8'), `${name}.net`);

    test('route tables match `ip route` and `route -n`', async () => {
        const { network } = await loading;
        for (const [node, expected] of Object.entries(truth.routes)) {
            const table = network.nodes.get(node)!.table;
            expect(trimLines(formatIpRoutes(table)), `${node}: ip route`).toBe(trimLines(expected.ip));
            expect(trimLines(formatRouteN(table)), `${node}: route -n`).toBe(trimLines(expected.route));
        }
    });

    test('refused routes match', async () => {
        const { network } = await loading;
        const refused = [...network.nodes.values()].flatMap((node) =>
            node.refused.map((entry) => ({ node: node.model.name, route: entry.spec.text, error: entry.reason }))
        );
        expect(refused).toEqual(truth.refused);
    });

    test.each(truth.pings.map((ping, index) => ({ ...ping, index })))('ping $index: $source -> $target', async (ping) => {
        const { network } = await loading;
        // As the kernel tier ran it: the target as ping took it (an address, or a name the namespace resolves), `-I`, `-c`, `-b` if any.
        const result = simulatePingTo(network, ping.source, parsePingTarget(ping.target, ping.from, ping));
        expect({ reply: result.reply, lines: result.lines }).toEqual({ reply: ping.reply, lines: ping.lines });
    });
});
