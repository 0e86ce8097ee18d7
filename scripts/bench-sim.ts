/**
 * `npm run bench:sim`: how the simulator webview scales, measured in headless Chromium on the built
 * page (out/webview) with the real builders behind it. For generated labs of 50, 200 and 1,000
 * nodes (LANs behind routers on a core switch): the server-side views (topology and matrix), how
 * soon after an edit the real language server answers with the new text's topology, the time from
 * the topology message to the first drawing painted, and the frame rate while a ping across the lab
 * animates. Screenshots go to out/screenshots. Not a test: it asserts nothing and
 * exits 0.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadNetText } from '../language/src/load.js';
import { buildMatrixView } from '../language/src/views/matrix-view.js';
import { buildPingView } from '../language/src/views/ping-view.js';
import { buildTopologyView } from '../language/src/views/topology-view.js';
import { launchChromium } from '../test/support/code-server.js';
import { openSimulator, screenshotPath } from '../test/webview/simulator-page.js';
import type { TopologyView } from '../language/src/lsp/net-protocol.js';
import { TOPOLOGY_REQUEST, VALIDATED_NOTIFICATION, type ValidatedParams } from '../language/src/lsp/net-protocol.js';
import { startServer } from '../test/support/lsp-server.js';
import { generateTopology } from './bench-topology.js';

/** Node counts (hosts plus one router per LAN); `BENCH_SIM_SIZES=50,200` measures others. */
const SIZES = (process.env.BENCH_SIM_SIZES ?? '50,200,1000')
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
/** Up to this many nodes the matrix is built in full (beyond, it is a million pings and more). */
const MATRIX_LIMIT = 400;
const ANIMATION_MS = 4_000;

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function time<T>(run: () => T): [T, number] {
    const start = performance.now();
    const result = run();
    return [result, performance.now() - start];
}

/** LANs of about 19 hosts, so that `nodes` counts hosts and routers together. */
function lab(nodes: number) {
    const lans = Math.max(1, Math.round(nodes / 20));
    const perLan = Math.ceil((nodes - lans) / lans);
    return generateTopology({ hosts: nodes - lans, perLan, pings: 20, seed: 0x51a + nodes });
}

/**
 * Edits (a host added at the end): the time until out/server.js announces the edited text validated
 * (`nettopo/validated`, what the simulator redraws on), and until it answers nettopo/topology for it.
 */
async function editToTopology(text: string, rounds = 5): Promise<{ pushMs: number[]; editMs: number[] }> {
    // The benchmark runs bundled, from out/, beside the built server.
    const server = await startServer(fileURLToPath(new URL('./server.js', import.meta.url)));
    try {
        const uri = 'file:///bench/lab.net';
        await server.open(uri, text);
        const times: number[] = [];
        const pushes: number[] = [];
        for (let round = 1; round <= rounds; round++) {
            const edited = `${text}\nhost bench${round} {\n  eth0 10.0.0.${200 + round}/24 -- lan0\n}\n`;
            const start = performance.now();
            const validated = new Promise<void>((resolve) =>
                server.connection.onNotification(VALIDATED_NOTIFICATION, (params: ValidatedParams) => {
                    if (params.version === round + 1) resolve();
                })
            );
            const published = server.change(uri, edited);
            const view = await server.connection.sendRequest<TopologyView>(TOPOLOGY_REQUEST, { uri });
            times.push(performance.now() - start);
            if (!view.nodes.some((node) => node.name === `bench${round}`)) throw new Error('the topology is not of the edited text');
            await validated;
            pushes.push(performance.now() - start);
            await published;
        }
        return { pushMs: pushes, editMs: times };
    } finally {
        await server.stop();
    }
}

/** In the page: posts a topology as the extension would, and times it to the frame that shows `count` vertices. */
function drawingTime(page: Page, view: TopologyView, count: number): Promise<number> {
    return page.evaluate(
        ({ message, count }) =>
            new Promise<number>((resolve) => {
                const start = performance.now();
                window.postMessage(message, '*');
                const check = () => {
                    if (document.querySelectorAll('#drawing .vertex').length === count) requestAnimationFrame(() => resolve(performance.now() - start));
                    else requestAnimationFrame(check);
                };
                requestAnimationFrame(check);
            }),
        { message: { type: 'topology', view }, count }
    );
}

interface Row {
    editMs: number[];
    pushMs: number[];
    redrawMs: number;
    nodes: number;
    topologyMs: number;
    topologyKiB: number;
    matrix: string;
    firstDrawingMs: number;
    fps: number;
    worstFrameMs: number;
    steps: number;
    matrixDrawingMs?: number;
}

async function measure(browser: Awaited<ReturnType<typeof launchChromium>>, nodes: number): Promise<Row> {
    const text = lab(nodes).text;
    const { editMs, pushMs } = await editToTopology(text);
    const file = await loadNetText(text, `bench-${nodes}.net`);
    const [topology, topologyMs] = time(() => buildTopologyView(file));
    const matrixCells =
        topology.nodes.length * topology.nodes.reduce((sum, node) => sum + node.interfaces.reduce((n, iface) => n + iface.addresses.length, 0), 0);
    let matrix = `(${matrixCells.toLocaleString('en-US')} pings: not measured)`;
    if (topology.nodes.length <= MATRIX_LIMIT) {
        const start = performance.now();
        await buildMatrixView(file);
        matrix = `${matrixCells.toLocaleString('en-US')} pings in ${ms(performance.now() - start)}`;
    }

    const simulator = await openSimulator(browser, file, { width: 1600, height: 1000 }, false);
    const { page } = simulator;
    const vertexCount = topology.nodes.length + topology.switches.length;
    const firstDrawingMs = await drawingTime(page, topology, vertexCount);
    await page.screenshot({ path: screenshotPath(`bench-${nodes}-nodes.png`) });
    // An edit: the same lab and one more host; everything placed stays, the new host is laid out.
    const edited = buildTopologyView(await loadNetText(`${text}\nhost extra {\n  eth0 10.0.0.250/24 -- lan0\n}\n`, `bench-${nodes}.net`));
    const redrawMs = await drawingTime(page, edited, vertexCount + 1);

    // A ping from the first host of the first LAN to a host of the last: across the core and back.
    const hosts = topology.nodes.filter((node) => node.kind === 'host');
    const ping = buildPingView(file, hosts[0].name, hosts[hosts.length - 1].name);
    if ('error' in ping) throw new Error(ping.error);
    const frames = await page.evaluate(
        ({ message, duration }) =>
            new Promise<number[]>((resolve) => {
                const times: number[] = [];
                window.postMessage(message, '*');
                const start = performance.now();
                const frame = (now: number) => {
                    times.push(now);
                    if (now - start < duration) requestAnimationFrame(frame);
                    else resolve(times);
                };
                requestAnimationFrame(frame);
            }),
        { message: { type: 'ping', view: ping }, duration: ANIMATION_MS }
    );
    await page.screenshot({ path: screenshotPath(`bench-${nodes}-nodes-ping.png`) });
    // The matrix in the page: from the click to the table drawn (the stand-in answers with the real builder).
    let matrixDrawingMs: number | undefined;
    if (topology.nodes.length <= MATRIX_LIMIT) {
        const start = performance.now();
        await page.click('#toggle-matrix');
        await page.waitForFunction((count) => document.querySelectorAll('#matrix td').length === count, matrixCells, { timeout: 120_000, polling: 'raf' });
        matrixDrawingMs = performance.now() - start;
    }
    await simulator.close();
    const gaps = frames.slice(1).map((at, index) => at - frames[index]);
    const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
    return {
        editMs,
        pushMs,
        redrawMs,
        nodes: topology.nodes.length,
        topologyMs,
        topologyKiB: JSON.stringify(topology).length / 1024,
        matrix,
        firstDrawingMs,
        fps: gaps.length / seconds,
        worstFrameMs: Math.max(...gaps),
        steps: ping.steps.length,
        matrixDrawingMs
    };
}

const browser = await launchChromium();
try {
    const rows: Row[] = [];
    for (const size of SIZES) {
        const row = await measure(browser, size);
        rows.push(row);
        console.log(
            `${row.nodes} nodes: topology view ${ms(row.topologyMs)} (${row.topologyKiB.toFixed(0)} KiB), matrix ${row.matrix}, first drawing ${ms(row.firstDrawingMs)}, animation ${row.fps.toFixed(0)} fps (worst frame ${ms(row.worstFrameMs)}, ${row.steps} steps)${row.matrixDrawingMs === undefined ? '' : `, matrix in the page ${ms(row.matrixDrawingMs)}`}`
        );
    }
    console.log('\n| | ' + rows.map((row) => `${row.nodes.toLocaleString('en-US')} nodes`).join(' | ') + ' |');
    console.log('|---|' + rows.map(() => '--:').join('|') + '|');
    const range = (values: number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
    console.log('| edit to nettopo/validated (server process, 5 edits) | ' + rows.map((row) => range(row.pushMs)).join(' | ') + ' |');
    console.log('| edit to new topology (server process, 5 edits) | ' + rows.map((row) => range(row.editMs)).join(' | ') + ' |');
    console.log('| topology view (server) | ' + rows.map((row) => `${ms(row.topologyMs)}, ${row.topologyKiB.toFixed(0)} KiB`).join(' | ') + ' |');
    console.log('| reachability matrix (server) | ' + rows.map((row) => row.matrix).join(' | ') + ' |');
    console.log('| first drawing (layout + SVG + paint) | ' + rows.map((row) => ms(row.firstDrawingMs)).join(' | ') + ' |');
    console.log('| redraw after an edit (positions kept) | ' + rows.map((row) => ms(row.redrawMs)).join(' | ') + ' |');
    console.log('| frame rate while a ping animates | ' + rows.map((row) => `${row.fps.toFixed(0)} fps (worst ${ms(row.worstFrameMs)})`).join(' | ') + ' |');
    console.log(
        '| matrix in the page (request, simulation, table) | ' +
            rows.map((row) => (row.matrixDrawingMs === undefined ? '—' : ms(row.matrixDrawingMs))).join(' | ') +
            ' |'
    );
} finally {
    await browser.close();
}
