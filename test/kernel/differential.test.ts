import { expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology } from '../../language/src/kernel/lab.js';
import { fixText } from '../../language/src/fixes/fix-text.js';
import { loadNetText } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';
import { randomContainerLab } from './random-containers.js';
import { randomTopology } from './random-topology.js';

/**
 * The differential tier: random topologies, each built in real network namespaces and simulated
 * by the engine; every route table (both formats), every refused route and every ping's printed
 * lines must agree; and random container labs (random-containers.ts), whose iptables listings must
 * agree too. A new seed every run (printed); NETTOPO_SEED replays one, NETTOPO_DIFF_COUNT sets how
 * many topologies (100 by default; thousands locally), NETTOPO_DIFF_CONTAINERS how many container
 * labs (20 by default).
 */
const seed = Number(process.env.NETTOPO_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.NETTOPO_DIFF_COUNT ?? 100);
const containerCount = Number(process.env.NETTOPO_DIFF_CONTAINERS ?? 20);
/** How many topologies `check --fix` changed are compared again after the fixes. */
const fixedCount = Number(process.env.NETTOPO_DIFF_FIXED ?? 5);

/** The kernel and the engine on one topology: the differences, formatted (none when they agree). */
async function compare(text: string): Promise<{ pings: number; tables: number; listings: number; differences: string[] }> {
    const { topology, network } = await loadNetText(text);
    const kernel = withoutTrailingSpaces(await measureTopology(topology));
    const found = truthDifferences(kernel, predictTruth(network, topology.pings));
    return {
        pings: kernel.pings.length,
        tables: Object.keys(kernel.routes).length * 2,
        listings: Object.keys(kernel.rules ?? {}).length * 2,
        differences: found.map(formatDifference)
    };
}

/** Generates `total` labs from `seed` on, compares each with the kernel, prints the figures and fails on any difference. */
async function differential(kind: string, generate: (seed: number) => string, total: number): Promise<void> {
    const started = performance.now();
    const failures: string[] = [];
    let pings = 0;
    let tables = 0;
    let listings = 0;
    const one = async (index: number) => {
        const text = generate(seed + index);
        const result = await compare(text);
        pings += result.pings;
        tables += result.tables;
        listings += result.listings;
        if (result.differences.length) failures.push(`${kind} seed ${seed + index}:\n${text}\n${result.differences.join('\n')}`);
    };
    // A few topologies at a time; the lab runner bounds how many labs exist at once.
    const queue = Array.from({ length: total }, (_, index) => index);
    await Promise.all(
        Array.from({ length: 4 }, async () => {
            for (let index = queue.shift(); index !== undefined; index = queue.shift()) await one(index);
        })
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
        `differential: ${total} ${kind}s (seeds ${seed}..${seed + total - 1}), ${pings} pings, ${tables} route tables, ` +
            `${listings} iptables listings compared, ${failures.length} disagreeing, ${seconds} s`
    );
    expect(failures, `kernel and engine disagree (replay with NETTOPO_SEED=${seed}):\n\n${failures.join('\n\n')}`).toEqual([]);
}

test.skipIf(skipKernel)(
    kernelTitle(`kernel and engine agree on ${count} random topologies (seed ${seed})`),
    async () => {
        requireKernel();
        await differential('topology', randomTopology, count);
    },
    3_600_000
);

test.skipIf(skipKernel)(
    kernelTitle(`kernel and engine agree on ${containerCount} random container labs (seed ${seed})`),
    async () => {
        requireKernel();
        await differential('container lab', randomContainerLab, containerCount);
    },
    3_600_000
);

test.skipIf(skipKernel)(
    kernelTitle(`after check --fix, kernel and engine still agree on ${fixedCount} fixed random topologies (seed ${seed})`),
    async () => {
        requireKernel();
        const failures: string[] = [];
        let compared = 0;
        // Topologies past the ones above, those that the fixes change, so that the fixed files are new to the kernel too.
        for (let index = count; compared < fixedCount && index < count + 50 * fixedCount; index++) {
            const fixed = await fixText(randomTopology(seed + index), 'random.net');
            if (fixed.applied.length === 0) continue;
            compared++;
            const result = await compare(fixed.text);
            if (result.differences.length)
                failures.push(
                    `topology seed ${seed + index}, fixed (${fixed.applied.map((fix) => fix.title).join('; ')}):\n${fixed.text}\n${result.differences.join('\n')}`
                );
        }
        console.log(`differential after --fix: ${compared} fixed topologies, ${failures.length} disagreeing`);
        expect(compared).toBe(fixedCount);
        expect(failures, `kernel and engine disagree on fixed topologies (replay with NETTOPO_SEED=${seed}):\n\n${failures.join('\n\n')}`).toEqual([]);
    },
    600_000
);
