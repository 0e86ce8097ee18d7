/**
 * `npm run bench`: how nettopo scales. Generates seeded topologies of 1,000 and 10,000 hosts in
 * memory (see bench-topology.ts), and measures for each: one full `loadNetText` (parse, link and
 * every check, including each `ping` expectation and the per-route analysis), answering every
 * `ping` expectation on the compiled network, an all-pairs reply matrix, route lookups per second,
 * and memory. Then a breakdown of the full check by phase, and the parse of comment-heavy files
 * (bench-comments.ts), long paths (bench-rings.ts), a million-route table (bench-routes.ts), 1,000
 * containers with NAT and filters (bench-containers.ts), and `import commands` on 1,000- and
 * 10,000-line scripts (bench-import.ts). And who holds the heap of a loaded lab (bench-heap.ts). Not a test: it asserts nothing about time and exits 0.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import type { Topology as TopologyAst } from '../language/src/generated/ast.js';
import { loadNetText, type LoadedFile } from '../language/src/load.js';
import { createNetServices } from '../language/src/net-module.js';
import { buildTopology } from '../language/src/build-topology.js';
import { compileNetwork, type Network } from '../language/src/engine/network.js';
import { simulatePing } from '../language/src/engine/ping.js';
import { checkTopology } from '../language/src/checks/topology-checks.js';
import { analyzeRoutes } from '../language/src/checks/route-analysis.js';
import { checkPings, runPings } from '../language/src/checks/ping-checks.js';
import { fixesByCause, reportCauses } from '../language/src/checks/cause-report.js';
import { fixText } from '../language/src/fixes/fix-text.js';
import { faultLab } from '../test/support/fault-labs.js';
import { prng } from '../test/support/prng.js';
import { expectReply, generateTopology, type BenchTopology } from './bench-topology.js';
import { benchCommentParse } from './bench-comments.js';
import { benchRings } from './bench-rings.js';
import { benchContainers } from './bench-containers.js';
import { benchRouteDump, benchRoutes } from './bench-routes.js';
import { benchImport } from './bench-import.js';
import { benchHeap } from './bench-heap.js';

/** Host counts to measure; `BENCH_SIZES=10000 npm run bench` (comma-separated) measures others. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000')
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
/** The all-pairs matrix is sampled (every k-th source host) above this many pings, and extrapolated. */
const MATRIX_FULL_LIMIT = 100_000;
const LOOKUPS = 5_000_000;
const TARGET_MS = 2_000;

// A GC before each memory reading makes heap figures comparable; harmless if it cannot be had.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

function time<T>(run: () => T): [T, number] {
    const start = performance.now();
    const result = run();
    return [result, performance.now() - start];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
    const start = performance.now();
    const result = await run();
    return [result, performance.now() - start];
}

interface MatrixResult {
    readonly pings: number;
    readonly replies: number;
    readonly mismatches: number;
    readonly ms: number;
    /** Estimated time for every pair (equal to `ms` when not sampled). */
    readonly fullMs: number;
    readonly fullPings: number;
    readonly stride: number;
}

/**
 * The all-pairs reply matrix, defined as: every host pings the first host of every LAN (hosts x LANs
 * pings; with one representative per LAN this covers every pair of LANs in both directions, from
 * every host). Above {@link MATRIX_FULL_LIMIT} pings only every `stride`-th host is a source, and
 * the full time is extrapolated. Each answer is compared with the design's prediction.
 */
function replyMatrix(network: Network, topology: BenchTopology): MatrixResult {
    const { hosts, firstHostOfLan } = topology.design;
    const fullPings = hosts.length * firstHostOfLan.length;
    const stride = Math.max(1, Math.ceil(fullPings / MATRIX_FULL_LIMIT));
    let pings = 0;
    let replies = 0;
    let mismatches = 0;
    const start = performance.now();
    for (let index = 0; index < hosts.length; index += stride) {
        const source = hosts[index];
        for (const target of firstHostOfLan) {
            const reply = simulatePing(network, source.name, target.address).reply;
            pings++;
            if (reply) replies++;
            if (reply !== expectReply(topology.design, source, target)) mismatches++;
        }
    }
    const elapsed = performance.now() - start;
    return { pings, replies, mismatches, ms: elapsed, fullMs: elapsed * (fullPings / pings), fullPings, stride };
}

/** Lookups per second on one node's table, over a fixed set of seeded random addresses. */
function lookupRate(network: Network, node: string, lanCount: number): { perSecond: number; routes: number } {
    const table = network.nodes.get(node)!.table;
    const random = prng(42);
    const addresses = new Uint32Array(1 << 20);
    for (let index = 0; index < addresses.length; index++) {
        const roll = random();
        // Mostly addresses in the LANs (and a little beyond), some on the core, some anywhere.
        addresses[index] =
            roll < 0.7
                ? ((10 << 24) | (Math.floor(random() * (lanCount + 8)) << 8) | Math.floor(random() * 256)) >>> 0
                : roll < 0.8
                  ? ((172 << 24) | (16 << 16) | Math.floor(random() * 65536)) >>> 0
                  : Math.floor(random() * 2 ** 32);
    }
    let checksum = 0;
    for (let index = 0; index < 200_000; index++) checksum += table.lookup(addresses[index & 0xfffff]).kind.length;
    const start = performance.now();
    for (let index = 0; index < LOOKUPS; index++) checksum += table.lookup(addresses[index & 0xfffff]).kind.length;
    const elapsed = performance.now() - start;
    if (checksum === 0) console.log('(no lookups?)');
    return { perSecond: LOOKUPS / (elapsed / 1000), routes: table.entries.length };
}

interface Phases {
    parse: number;
    index: number;
    scopes: number;
    link: number;
    references: number;
    validate: number;
    total: number;
    // Inside validation, measured again on the same AST:
    buildModel: number;
    compile: number;
    topologyChecks: number;
    routeAnalysis: number;
    /** Route statements the analysis simulates pings for (up to ADDRESSES_PER_ROUTE each). */
    analyzedRoutes: number;
    /** Grouping the analysis's failures by cause, inferring and checking each cause's fix. */
    causeReport: number;
    pingChecks: number;
}

let phaseServices: ReturnType<typeof createNetServices> | undefined;

/** A second full load, as `loadNetText` does it, with a timestamp after each Langium build phase; then the model checks one by one. */
async function phases(text: string): Promise<Phases> {
    const services = (phaseServices ??= createNetServices(EmptyFileSystem));
    const builder = services.shared.workspace.DocumentBuilder;
    const marks = new Map<DocumentState, number>();
    const listeners = [
        DocumentState.IndexedContent,
        DocumentState.ComputedScopes,
        DocumentState.Linked,
        DocumentState.IndexedReferences,
        DocumentState.Validated
    ].map((state) =>
        builder.onDocumentPhase(state, () => {
            marks.set(state, performance.now());
        })
    );
    const uri = URI.parse(`memory:///bench/${Math.random().toString(36).slice(2)}/topology.net`);
    const start = performance.now();
    const document = services.shared.workspace.LangiumDocumentFactory.fromString<TopologyAst>(text, uri);
    const parsed = performance.now();
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await builder.build([document], { validation: true });
    const end = performance.now();
    services.shared.workspace.LangiumDocuments.deleteDocument(uri);
    listeners.forEach((listener) => listener.dispose());
    const at = (state: DocumentState) => marks.get(state) ?? Number.NaN;

    const root = document.parseResult.value;
    const [built, buildModel] = time(() => buildTopology([root]));
    const [network, compile] = time(() => compileNetwork(built.topology));
    const [, topologyChecks] = time(() => checkTopology(network));
    const [analysis, routeAnalysis] = time(() => analyzeRoutes(network));
    let analyzedRoutes = 0;
    for (const node of network.nodes.values()) analyzedRoutes += node.table.entries.filter((entry) => entry.spec && entry.type === 'unicast').length;
    const [runs, pingRuns] = time(() => runPings(network));
    const [causes, causeReport] = time(() => reportCauses(network, analysis, runs));
    const [, pingMessages] = time(() => checkPings(runs, network, fixesByCause(causes)));
    const pingChecks = pingRuns + pingMessages;
    return {
        parse: parsed - start,
        index: at(DocumentState.IndexedContent) - parsed,
        scopes: at(DocumentState.ComputedScopes) - at(DocumentState.IndexedContent),
        link: at(DocumentState.Linked) - at(DocumentState.ComputedScopes),
        references: at(DocumentState.IndexedReferences) - at(DocumentState.Linked),
        validate: at(DocumentState.Validated) - at(DocumentState.IndexedReferences),
        total: end - start,
        buildModel,
        compile,
        topologyChecks,
        routeAnalysis,
        analyzedRoutes,
        causeReport,
        pingChecks
    };
}

interface Row {
    readonly topology: BenchTopology;
    readonly loaded: LoadedFile;
    readonly loadMs: number;
    readonly errors: number;
    readonly warnings: number;
    readonly pingErrors: number;
    readonly pingsMs: number;
    readonly pingFailures: number;
    readonly matrix: MatrixResult;
    readonly routerLookups: { perSecond: number; routes: number };
    readonly hostLookups: { perSecond: number; routes: number };
    readonly heapUsed: number;
    /** What the load added to the heap: the loaded file (its document, model, network, ping runs). */
    readonly heapHeld: number;
    readonly rss: number;
    readonly phases: Phases;
    readonly analysisDiagnostics: number;
    readonly causes: number;
}

/** Diagnostics the route analysis gives, and the distinct causes they report. */
function causeCounts(loaded: LoadedFile): { diagnostics: number; causes: number } {
    const causes = new Set<string>();
    let diagnostics = 0;
    for (const diagnostic of loaded.diagnostics) {
        const cause = (diagnostic.data as { cause?: string } | undefined)?.cause;
        if (cause === undefined) continue;
        diagnostics++;
        causes.add(cause);
    }
    return { diagnostics, causes: causes.size };
}

async function measure(hosts: number): Promise<Row> {
    const topology = generateTopology({ hosts, seed: 0x5eed + hosts });
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const [loaded, loadMs] = await timeAsync(() => loadNetText(topology.text, `bench-${hosts}.net`));
    gc?.();
    const memory = process.memoryUsage();
    const errors = loaded.diagnostics.filter((d) => d.severity === 1);
    const warnings = loaded.diagnostics.filter((d) => d.severity === 2).length;
    const pingErrors = errors.filter((d) => d.code === 'ping-expectation').length;
    const [runs, pingsMs] = time(() => runPings(loaded.network));
    const pingFailures = runs.filter((run) => !run.result.reply).length;
    const matrix = replyMatrix(loaded.network, topology);
    const routerLookups = lookupRate(loaded.network, 'r0', topology.lanCount);
    const hostLookups = lookupRate(loaded.network, topology.design.hosts.find((host) => host.hasDefault)!.name, topology.lanCount);
    const phaseTimes = await phases(topology.text);
    const { diagnostics: analysisDiagnostics, causes } = causeCounts(loaded);
    return {
        topology,
        loaded,
        loadMs,
        errors: errors.length,
        warnings,
        pingErrors,
        pingsMs,
        pingFailures,
        matrix,
        routerLookups,
        hostLookups,
        heapUsed: memory.heapUsed,
        heapHeld: memory.heapUsed - heapBefore,
        rss: memory.rss,
        phases: phaseTimes,
        analysisDiagnostics,
        causes
    };
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: string[]) =>
        `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
    return [
        line(header),
        `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 1) + '-' : '-'.repeat(width + 1) + ':')).join('|')}|`,
        ...rows.map(line)
    ].join('\n');
}

async function main(): Promise<void> {
    console.log(`nettopo bench — Node ${process.version}, ${process.platform}/${process.arch}${gc ? '' : ' (no gc(): memory figures include garbage)'}`);
    // Warm-up: the whole pipeline once on the small size, untimed (JIT, Langium service creation).
    {
        const warm = generateTopology({ hosts: SIZES[0], seed: 1 });
        const loaded = await loadNetText(warm.text, 'warm-up.net');
        runPings(loaded.network);
        replyMatrix(loaded.network, warm);
        await phases(warm.text);
    }
    const rows: Row[] = [];
    for (const size of SIZES) {
        rows.push(await measure(size));
        const row = rows[rows.length - 1];
        console.log(`  measured ${count(size)} hosts (${ms(row.loadMs)} full check)`);
    }

    const header = ['', ...rows.map((row) => `${count(row.topology.hostCount)} hosts`)];
    const cell = (render: (row: Row) => string) => rows.map(render);
    console.log('\nTopology');
    console.log(
        table(header, [
            ['LANs (switch + router each)', ...cell((r) => count(r.topology.lanCount))],
            ['file size', ...cell((r) => `${count(r.topology.lines)} lines, ${(r.topology.text.length / 1024).toFixed(0)} KiB`)],
            ['route statements', ...cell((r) => count(r.topology.routeStatements))],
            ['missing routes / hosts w/o default', ...cell((r) => `${r.topology.missing.length} / ${r.topology.noDefault.length}`)],
            ['ping statements (expect fails / wrong)', ...cell((r) => `${r.topology.pingCount} (${r.topology.expectedFailures} / ${r.topology.wrongCount})`)]
        ])
    );
    console.log('\nResults');
    console.log(
        table(header, [
            ['full check: loadNetText (parse+link+validate)', ...cell((r) => ms(r.loadMs))],
            [`  under ${TARGET_MS / 1000} s?`, ...cell((r) => (r.loadMs < TARGET_MS ? 'yes' : 'NO'))],
            ['  diagnostics: errors / warnings', ...cell((r) => `${r.errors} / ${r.warnings}`)],
            ['  route-analysis diagnostics / causes', ...cell((r) => `${r.analysisDiagnostics} / ${r.causes}`)],
            ['  ping-expectation errors (= wrong ones?)', ...cell((r) => `${r.pingErrors} (${r.pingErrors === r.topology.wrongCount ? 'yes' : 'NO'})`)],
            ['every ping expectation: runPings', ...cell((r) => `${ms(r.pingsMs)} (${r.topology.pingCount} pings, ${r.pingFailures} no reply)`)],
            ['  per ping', ...cell((r) => `${((r.pingsMs * 1000) / r.topology.pingCount).toFixed(1)} µs`)],
            ['all-pairs matrix: pings (hosts x LANs)', ...cell((r) => count(r.matrix.fullPings))],
            [
                '  simulated',
                ...cell((r) => (r.matrix.stride === 1 ? `all ${count(r.matrix.pings)}` : `${count(r.matrix.pings)} (every ${r.matrix.stride}th host)`))
            ],
            ['  time', ...cell((r) => (r.matrix.stride === 1 ? ms(r.matrix.ms) : `${ms(r.matrix.ms)} sampled → ~${ms(r.matrix.fullMs)} extrapolated`))],
            ['  per ping', ...cell((r) => `${((r.matrix.ms * 1000) / r.matrix.pings).toFixed(1)} µs`)],
            ['  replies / differ from design', ...cell((r) => `${((100 * r.matrix.replies) / r.matrix.pings).toFixed(1)}% / ${r.matrix.mismatches}`)],
            ['route lookups/s, router r0', ...cell((r) => `${(r.routerLookups.perSecond / 1e6).toFixed(1)} M (${r.routerLookups.routes} routes)`)],
            ['route lookups/s, a host', ...cell((r) => `${(r.hostLookups.perSecond / 1e6).toFixed(1)} M (${r.hostLookups.routes} routes)`)],
            ['heap used after load (after GC)', ...cell((r) => mib(r.heapUsed))],
            [
                '  of which the loaded file (26 KB per host at 10,000 before issue 15)',
                ...cell((r) => `${mib(r.heapHeld)}, ${(r.heapHeld / r.topology.hostCount / 1024).toFixed(1)} KB per host`)
            ],
            ['rss after load', ...cell((r) => mib(r.rss))]
        ])
    );
    console.log('\nFull check by phase (a second load with build-phase timestamps, then the model checks re-run one by one on its AST)');
    console.log(
        table(header, [
            ['parse (lexer + parser → AST)', ...cell((r) => ms(r.phases.parse))],
            ['index exports', ...cell((r) => ms(r.phases.index))],
            ['compute scopes', ...cell((r) => ms(r.phases.scopes))],
            ['link references', ...cell((r) => ms(r.phases.link))],
            ['index references', ...cell((r) => ms(r.phases.references))],
            ['validate (all checks)', ...cell((r) => ms(r.phases.validate))],
            ['  = total of this load', ...cell((r) => ms(r.phases.total))],
            ['  validate: build model', ...cell((r) => ms(r.phases.buildModel))],
            ['  validate: compile network', ...cell((r) => ms(r.phases.compile))],
            ['  validate: topology checks', ...cell((r) => ms(r.phases.topologyChecks))],
            ['  validate: route analysis', ...cell((r) => `${ms(r.phases.routeAnalysis)} (${count(r.phases.analyzedRoutes)} routes)`)],
            ['  validate: causes and their fixes', ...cell((r) => ms(r.phases.causeReport))],
            ['  validate: ping expectations', ...cell((r) => ms(r.phases.pingChecks))]
        ])
    );
    await benchHeap(table, gc, SIZES);
    await causesLab();
    benchCommentParse(table, ms);
    await benchRings(table, gc, { ms, mib, count });
    benchRoutes(table, gc, { ms, mib, count });
    await benchRouteDump(table, gc, { ms, mib, count });
    await benchContainers(table, { ms, count });
    benchImport(table, ms);
    console.log(
        '\nAll-pairs matrix: every host pings the first host of every LAN; at 10,000 hosts only a sample of sources' +
            ` is simulated (at most ${count(MATRIX_FULL_LIMIT)} pings) and the time is extrapolated linearly.`
    );
    console.log('Memory figures are process-wide (the 10,000-host rss includes what the 1,000-host run left behind).');
}

/**
 * The lab of the "one finding per cause" issue: 200 LANs of 50 hosts behind routers on a backbone
 * switch, a core router with a route to every LAN, 4 LAN routers without their default route.
 * The full check, how many diagnostics it gives for how many causes, and `check --fix`.
 */
async function causesLab(): Promise<void> {
    const lab = faultLab({ shape: 'star', lans: 200, hostsPerLan: 50, faults: { 'missing-default': 4 }, pings: 300, seed: 7 });
    const [loaded, loadMs] = await timeAsync(() => loadNetText(lab.text, 'causes.net'));
    const { diagnostics, causes } = causeCounts(loaded);
    const pingErrors = loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'ping-expectation').length;
    const named = lab.faults.filter((fault) => loaded.diagnostics.some((diagnostic) => diagnostic.message.startsWith(`${fault.router} has no route`))).length;
    const [fixed, fixMs] = await timeAsync(() => fixText(lab.text, 'causes.net'));
    const holding = runPings(fixed.file.network).filter((run) => run.holds).length;
    console.log(
        `\nOne finding per cause: ${count(lab.hosts)} hosts in ${lab.text.split('\n').length.toLocaleString('en-US')} lines, ` +
            `200 LANs behind routers on a backbone, a core router, ${lab.faults.length} LAN routers without their default route`
    );
    console.log(
        table(
            ['', ''],
            [
                ['full check', ms(loadMs)],
                ['  under 2 s?', loadMs < TARGET_MS ? 'yes' : 'NO'],
                ['  route-analysis diagnostics / causes', `${diagnostics} / ${causes}`],
                ['  routers named as the cause', `${named} of ${lab.faults.length}`],
                ['  ping-expectation errors', String(pingErrors)],
                ['check --fix (fix, check again)', `${ms(fixMs)}: ${fixed.applied.map((fix) => fix.title.replace(/^Add /, '')).join('; ')}`],
                ['  diagnostics after --fix', String(fixed.file.diagnostics.length)],
                ['  ping statements holding after --fix', `${holding} of ${fixed.file.topology.pings.length}`]
            ]
        )
    );
}

await main();
