// Small files with long paths (issue 17): rings, a chain and a mesh of routers, where every ping
// goes up to 64 hops each way. The full check's time and heap, beside the naive analysis it
// replaced: every node pinging every address of the file, walked pair by pair (capped, then
// extrapolated, since at 25,000 routers it is a billion pings).
import { performance } from 'node:perf_hooks';
import { simulatePing } from '../language/src/engine/ping.js';
import { loadNetText } from '../language/src/load.js';
import { routerLab, type RouterLabOptions } from '../test/support/router-labs.js';

/** How long the naive walk runs before its time is extrapolated. */
const NAIVE_CAP_MS = 5_000;

type Format = { ms: (value: number) => string; mib: (bytes: number) => string; count: (value: number) => string };

export async function benchRings(table: (header: string[], rows: string[][]) => string, gc: (() => void) | undefined, format: Format): Promise<void> {
    const labs: RouterLabOptions[] = [
        { shape: 'ring', routers: 2_500 },
        { shape: 'ring', routers: 25_000 },
        { shape: 'chain', routers: 2_500 },
        { shape: 'mesh', routers: 2_500 }
    ];
    const rows: string[][] = [];
    for (const options of labs) {
        const { text } = routerLab(options);
        gc?.();
        const before = process.memoryUsage().heapUsed;
        const started = performance.now();
        const loaded = await loadNetText(text, `${options.shape}.net`);
        const checkMs = performance.now() - started;
        gc?.();
        const heap = process.memoryUsage().heapUsed - before;
        const naive = naiveWalk(loaded.network);
        rows.push([
            `${options.shape} of ${format.count(options.routers)} routers`,
            `${format.count(text.split('\n').length)} lines`,
            format.ms(checkMs),
            `${format.mib(heap)} (${(heap / options.routers / 1024).toFixed(0)} KiB/router)`,
            String(loaded.diagnostics.length),
            `${format.count(naive.pairs)} pings: ~${format.ms(naive.estimatedMs)} (${format.count(naive.done)} walked in ${format.ms(naive.ms)})`
        ]);
        console.log(`  measured the ${options.shape} of ${format.count(options.routers)} routers`);
    }
    console.log('\nLong paths: the full check (parse, link, every check, the sampled route analysis), and the naive per-pair walk');
    console.log(table(['lab', 'file', 'full check', 'heap after load', 'diagnostics', `naive walk (capped at ${NAIVE_CAP_MS / 1000} s, extrapolated)`], rows));
}

/** Every node pings every address of the file, one pair after another, until the cap. */
function naiveWalk(network: Parameters<typeof simulatePing>[0]): { pairs: number; done: number; ms: number; estimatedMs: number } {
    const sources = [...network.nodes.keys()];
    const addresses = [...network.owners.keys()].filter((address) => address >>> 24 !== 127);
    const pairs = sources.length * addresses.length;
    const started = performance.now();
    let done = 0;
    outer: for (const source of sources) {
        for (const address of addresses) {
            simulatePing(network, source, address);
            done++;
            if (performance.now() - started > NAIVE_CAP_MS) break outer;
        }
    }
    const ms = performance.now() - started;
    return { pairs, done, ms, estimatedMs: (ms / done) * pairs };
}
