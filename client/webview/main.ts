/**
 * The simulator webview's entry point: builds the page, keeps the picture in step with the
 * TopologyViews the extension sends, and plays pings step by step. Everything it shows comes from
 * the language server (through the extension); it computes no routing itself.
 */
import type { MatrixView, PingView, StepView, TextRange, TopologyView } from '../../language/src/lsp/net-protocol.js';
import { nodeDetails, overview, switchDetails, type DetailActions } from './details.js';
import { el } from './dom.js';
import { TopologyDrawing } from './drawing.js';
import { exportPng, exportSvg } from './export.js';
import { packetPosition, stepVertices } from './geometry.js';
import { bridgeId, buildGraph, nodeId, type Graph } from './graph.js';
import { layoutGraph, type Placement } from './layout.js';
import { matrixTable } from './matrix-table.js';
import type { HostMessage, SimulatorState, WebviewMessage } from './messages.js';
import { advance, isFinished, pause, play, seek, setSpeed, SPEEDS, startPlayer, stepBack, stepForward, type PlayerState } from './ping-player.js';
import { listEnd, stepItems } from './steps.js';
import { boundsOf, fitTransform, zoomAt } from './view-transform.js';

interface VsCodeApi {
    postMessage(message: WebviewMessage): void;
    getState(): SimulatorState | undefined;
    setState(state: SimulatorState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage) => vscode.postMessage(message);

// ---- The page ----
const status = el('span', { id: 'status', role: 'status' }, 'Waiting for the language server…');
const sourcePicker = el('select', { id: 'ping-source', title: 'the node that runs ping' });
const targetPicker = el('input', {
    id: 'ping-target',
    class: 'target',
    list: 'ping-targets',
    placeholder: 'target: node, NODE.IF or address',
    title: 'what to ping'
});
const targetList = el('datalist', { id: 'ping-targets' });
const playButton = el('button', { id: 'play', title: 'play / pause (Space)', disabled: true }, '▶ Play');
const backButton = el('button', { id: 'step-back', title: 'previous step (←)', disabled: true }, '◀ Back');
const forwardButton = el('button', { id: 'step-forward', title: 'next step (→)', disabled: true }, 'Next ▶');
const speedPicker = el('select', { id: 'speed', title: 'speed' }, ...SPEEDS.map((speed) => el('option', { value: speed, selected: speed === 1 }, `${speed}×`)));
const matrixButton = el('button', { id: 'toggle-matrix', 'aria-pressed': 'false', title: 'every node pinging every address' }, 'Matrix');
const svgRoot = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
svgRoot.id = 'drawing';
svgRoot.setAttribute('role', 'img');
svgRoot.setAttribute('aria-label', 'the topology');
const details = el('div', { id: 'details' });
const steps = el('div', { id: 'steps', 'data-state': 'none' });
const matrixPanel = el('section', { id: 'matrix', hidden: true });

document.body.append(
    el(
        'div',
        { id: 'app' },
        el(
            'header',
            { id: 'toolbar' },
            el(
                'div',
                { class: 'group' },
                el('label', { for: 'ping-source' }, 'ping'),
                sourcePicker,
                el('span', {}, '→'),
                targetPicker,
                targetList,
                el('button', { id: 'run-ping', class: 'primary', onclick: () => requestPing(sourcePicker.value, targetPicker.value.trim()) }, 'Ping')
            ),
            el('div', { class: 'group' }, backButton, playButton, forwardButton, speedPicker),
            el(
                'div',
                { class: 'group' },
                el('button', { id: 'fit', title: 'show everything', onclick: () => fit() }, 'Fit'),
                el('button', { title: 'zoom out', onclick: () => zoomBy(1 / 1.25) }, '−'),
                el('button', { title: 'zoom in', onclick: () => zoomBy(1.25) }, '+'),
                el(
                    'button',
                    { id: 'relayout', title: 'lay everything out again, forgetting where nodes were placed', onclick: () => relayout() },
                    'Auto layout'
                )
            ),
            el(
                'div',
                { class: 'group' },
                matrixButton,
                el('button', { id: 'export-svg', onclick: () => exportDrawing('svg') }, 'Export SVG'),
                el('button', { id: 'export-png', onclick: () => exportDrawing('png') }, 'Export PNG')
            ),
            status
        ),
        el('div', { id: 'main' }, el('section', { id: 'canvas' }, svgRoot), el('aside', { id: 'side' }, steps, details)),
        matrixPanel
    )
);

/** Matrices of more pings than this are computed only when the user confirms. */
const MATRIX_CONFIRM_ABOVE = 100_000;

// ---- State ----
const saved = vscode.getState();
let uri = saved?.uri ?? '';
let topology: TopologyView | undefined;
let graph: Graph | undefined;
let positions = new Map<string, Placement>(Object.entries(saved?.positions ?? {}));
let selected: string | undefined;
let fixes: { node: string; titles: readonly string[] } | undefined;
let ping: PingView | undefined;
let player: PlayerState = startPlayer(0);
/** The ping to ask again after an edit, shown finished rather than replayed. */
let refreshing = false;
let highlighted: TextRange | null = null;
let matrixOpen = false;
/** Until the user pans or zooms, the picture is refitted when the panel changes size. */
let autoFit = !saved?.transform;

const drawing = new TopologyDrawing(svgRoot, {
    select: (id) => selectVertex(selected === id ? undefined : id),
    moved: (id, point) => {
        positions.set(id, { ...point, pinned: true });
        saveState();
        showFrame();
    },
    transformed: () => {
        autoFit = false;
        saveState();
    }
});
if (saved?.transform) drawing.setTransform(saved.transform);

const actions: DetailActions = {
    reveal: (range) => post({ type: 'reveal', range }),
    pingFrom: (node) => {
        sourcePicker.value = node;
        targetPicker.focus();
    },
    pingTo: (node) => {
        targetPicker.value = node;
        if (sourcePicker.value && sourcePicker.value !== node) requestPing(sourcePicker.value, node);
    },
    play: (source, target) => requestPing(source, target),
    toggleForwarding: (node) => {
        setStatus(`Changing ${node}'s forwarding…`);
        post({ type: 'toggleForwarding', node });
    },
    listFixes: (node) => post({ type: 'listFixes', node }),
    applyFix: (node, title) => {
        setStatus(`Applying “${title}”…`);
        post({ type: 'applyFix', node, title });
    }
};

function setStatus(text: string, error = false): void {
    status.textContent = text;
    status.classList.toggle('error', error);
}

function saveState(): void {
    const stored: Record<string, { x: number; y: number; pinned: boolean }> = {};
    for (const [id, point] of drawing.getPositions()) stored[id] = { x: point.x, y: point.y, pinned: point.pinned };
    vscode.setState({ uri, positions: stored, transform: drawing.getTransform() });
}

function viewportSize(): { width: number; height: number } {
    const box = svgRoot.getBoundingClientRect();
    return { width: box.width || 800, height: box.height || 600 };
}

function fit(): void {
    autoFit = true;
    const { width, height } = viewportSize();
    drawing.setTransform(fitTransform(boundsOf(positions.values(), 110), width, height));
    saveState();
}

function zoomBy(factor: number): void {
    autoFit = false;
    const { width, height } = viewportSize();
    drawing.setTransform(zoomAt(drawing.getTransform(), factor, { x: width / 2, y: height / 2 }));
    saveState();
}

function relayout(): void {
    if (!graph) return;
    positions = layoutGraph(graph);
    drawing.render(graph, positions);
    fit();
    showFrame();
}

new ResizeObserver(() => {
    if (autoFit && topology) fit();
}).observe(svgRoot);

// ---- The topology ----
function showTopology(view: TopologyView): void {
    const first = !topology;
    uri = view.uri;
    topology = view;
    graph = buildGraph(view);
    positions = layoutGraph(graph, positions);
    drawing.render(graph, positions);
    if (first ? !saved?.transform : autoFit) fit();
    fillPickers(view);
    if (selected && !graph.vertices.some((vertex) => vertex.id === selected)) selected = undefined;
    drawing.select(selected);
    showDetails();
    saveState();
    setStatus(`${view.nodes.length} nodes, ${view.switches.length} switches, ${view.links.length} links`);
    if (ping) {
        // The same ping, for the edited file.
        refreshing = true;
        post({ type: 'ping', source: ping.source, target: ping.targetText });
    }
    // The matrix is not asked again: the one on screen is marked outdated, with a refresh.
    if (matrixOpen) showMatrixPanel();
    showFrame();
}

function fillPickers(view: TopologyView): void {
    const source = sourcePicker.value;
    sourcePicker.replaceChildren(...view.nodes.map((node) => el('option', { value: node.name }, node.name)));
    if (view.nodes.some((node) => node.name === source)) sourcePicker.value = source;
    targetList.replaceChildren(
        ...view.pingTargets.map((target) => el('option', { value: target.text }, target.kind === 'address' ? `${target.node}.${target.device}` : undefined))
    );
}

function selectVertex(id: string | undefined): void {
    selected = id;
    drawing.select(id);
    showDetails();
}

function showDetails(): void {
    if (!topology) return;
    const name = selected?.replace(/^(node|switch):/, '');
    // A bridge is one of its host's interfaces: selecting it shows the host.
    const host = selected?.startsWith('bridge:') ? topology.bridges.find((bridge) => bridgeId(bridge.id) === selected)?.host : undefined;
    const node = selected?.startsWith('node:') || host ? topology.nodes.find((candidate) => candidate.name === (host ?? name)) : undefined;
    const entry = selected?.startsWith('switch:') ? topology.switches.find((candidate) => candidate.name === name) : undefined;
    if (node) details.replaceChildren(nodeDetails(node, actions, fixes?.node === node.name ? fixes.titles : undefined));
    else if (entry) details.replaceChildren(switchDetails(entry, topology, actions));
    else details.replaceChildren(overview(topology.pings, actions));
}

// ---- Pings ----
function requestPing(source: string, target: string): void {
    if (!source || !target) {
        setStatus('Pick a source and a target first.', true);
        return;
    }
    sourcePicker.value = source;
    targetPicker.value = target;
    refreshing = false;
    setStatus(`ping -c 1 ${target} on ${source}…`);
    post({ type: 'ping', source, target });
}

function showPing(view: PingView): void {
    ping = view;
    sourcePicker.value = view.source;
    targetPicker.value = view.targetText;
    const fresh = startPlayer(view.steps.length, player.speed);
    player = refreshing ? { ...seek(fresh, view.steps.length - 1), playing: false } : fresh;
    refreshing = false;
    renderSteps(view);
    setStatus(`${view.command} on ${view.source}: ${view.verdict}`);
    [playButton, backButton, forwardButton].forEach((button) => {
        button.disabled = view.steps.length === 0;
    });
    showFrame();
    if (player.playing) animate();
}

function renderSteps(view: PingView): void {
    const end = listEnd(view);
    steps.replaceChildren(
        el(
            'div',
            { class: 'ping' },
            el('h3', {}, `ping ${view.source} → ${view.targetText}${view.targetText === view.target ? '' : ` (${view.target})`}`),
            el(
                'ol',
                {},
                ...stepItems(view).map((item) =>
                    el(
                        'li',
                        {
                            class: `step ${item.packet}`,
                            'data-index': item.index,
                            onclick: () => {
                                player = seek(player, item.index);
                                showFrame();
                            }
                        },
                        el('div', { class: 'title' }, `${item.index + 1}. ${item.title}`),
                        el('div', { class: 'packet-line muted mono' }, item.packetLine),
                        // A drop's text often is its reason: then the reason alone, marked.
                        item.text !== item.stop ? el('div', { class: 'text' }, item.text) : undefined,
                        item.stop !== undefined ? el('div', { class: 'stop' }, item.stop) : undefined,
                        ...item.netfilter.map((entry) =>
                            el(
                                entry.range ? 'button' : 'div',
                                {
                                    class: `netfilter ${entry.kind}`,
                                    title: entry.range ? `show the rule (line ${entry.range.start.line + 1})` : "the chain's default policy (no line)",
                                    ...(entry.range && {
                                        onclick: (event: Event) => {
                                            // The step's own click would seek; this one shows the rule.
                                            event.stopPropagation();
                                            post({ type: 'reveal', range: entry.range! });
                                        }
                                    })
                                },
                                el('span', { class: 'netfilter-text' }, entry.text),
                                el('code', { class: 'netfilter-rule' }, entry.rule)
                            )
                        )
                    )
                )
            ),
            view.steps.length === 0 ? el('p', { class: 'muted' }, 'No packet leaves: ping fails before sending.') : undefined,
            el(
                'div',
                { class: 'end' },
                el('div', { class: `verdict ${view.reply ? 'reply' : 'fails'}` }, view.verdict),
                end.explanation ? el('p', {}, end.explanation) : undefined,
                el('pre', { class: 'transcript' }, [`$ ${end.command}`, ...end.transcript].join('\n')),
                end.note ? el('p', { class: 'muted note' }, end.note) : undefined
            )
        )
    );
}

/** The vertices and links the packets have been through up to the current step. */
function visited(upTo: number): { vertices: Set<string>; edges: Set<string> } {
    const vertices = new Set<string>();
    const edges = new Set<string>();
    if (!ping || !graph) return { vertices, edges };
    for (const step of ping.steps.slice(0, upTo + 1)) {
        vertices.add(nodeId(step.node));
        if (!step.hop) continue;
        stepVertices(step).forEach((id) => vertices.add(id));
        for (const end of [`${step.node}.${step.hop.fromDevice}`, `${step.hop.toNode}.${step.hop.toDevice}`]) {
            const edge = graph.edgeOf.get(end);
            if (edge) edges.add(edge.id);
        }
    }
    return { vertices, edges };
}

/** Where the packets stopped, up to the current step: the last step with a stop, or the delivery of the reply. */
function endMark(upTo: number, finished: boolean): { vertex: string; stopped: boolean; label: string } | undefined {
    if (!ping) return undefined;
    const stops: StepView[] = ping.steps.slice(0, upTo + 1).filter((step) => step.stop !== undefined);
    const last = stops[stops.length - 1];
    if (last) return { vertex: nodeId(last.node), stopped: true, label: `stops: ${shorten(last.stop!)}` };
    if (ping.steps.length === 0) return { vertex: nodeId(ping.source), stopped: true, label: shorten(ping.lines[0] ?? 'ping cannot send') };
    if (finished && ping.reply) return { vertex: nodeId(ping.source), stopped: false, label: 'reply' };
    return undefined;
}

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** Draws the current moment of the ping: the packet, the path so far, the step list's current entry. */
function showFrame(): void {
    const state = !ping ? 'none' : player.playing ? 'playing' : isFinished(player) ? 'finished' : 'paused';
    steps.setAttribute('data-state', state);
    steps.setAttribute('data-step', String(player.index));
    playButton.textContent = player.playing ? '‖ Pause' : isFinished(player) ? '↻ Replay' : '▶ Play';
    if (!ping || !graph) {
        drawing.showPacket(undefined);
        drawing.showEnd(undefined);
        drawing.markPath(new Set(), new Set());
        return;
    }
    const step = ping.steps[player.index];
    const path = visited(player.index);
    drawing.markPath(path.vertices, path.edges);
    drawing.showPacket(step && packetPosition(drawing.getPositions(), step, player.progress), step?.packet);
    drawing.showEnd(endMark(player.index, isFinished(player)));
    steps.querySelectorAll('li.step').forEach((item, index) => {
        item.classList.toggle('current', index === player.index);
        item.classList.toggle('future', index > player.index);
    });
    const range = step?.routeRange ?? null;
    if (JSON.stringify(range) !== JSON.stringify(highlighted)) {
        highlighted = range;
        post({ type: 'highlight', range });
        steps.querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
    }
}

let lastFrame: number | undefined;
let frameRequested = false;

function animate(): void {
    if (frameRequested) return;
    frameRequested = true;
    lastFrame = undefined;
    requestAnimationFrame(function frame(time) {
        const elapsed = lastFrame === undefined ? 0 : time - lastFrame;
        lastFrame = time;
        player = advance(player, elapsed);
        showFrame();
        if (player.playing) requestAnimationFrame(frame);
        else frameRequested = false;
    });
}

function togglePlay(): void {
    player = player.playing ? pause(player) : play(player);
    showFrame();
    if (player.playing) animate();
}

playButton.addEventListener('click', togglePlay);
backButton.addEventListener('click', () => {
    player = stepBack(player);
    showFrame();
});
forwardButton.addEventListener('click', () => {
    player = stepForward(player);
    showFrame();
});
speedPicker.addEventListener('change', () => {
    player = setSpeed(player, Number(speedPicker.value));
});
targetPicker.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') requestPing(sourcePicker.value, targetPicker.value.trim());
});
document.addEventListener('keydown', (event) => {
    if ((event.target as Element).closest('input, select, button') || !ping) return;
    if (event.key === ' ') {
        event.preventDefault();
        togglePlay();
    } else if (event.key === 'ArrowRight') {
        player = stepForward(player);
        showFrame();
    } else if (event.key === 'ArrowLeft') {
        player = stepBack(player);
        showFrame();
    }
});

// ---- The matrix ----
// Asked for only when the user does (opening the matrix, Refresh): it can be millions of pings.
/**
 * The matrix last received and its table (built once: big ones have tens of thousands of cells),
 * kept while the matrix is closed; outdated once the topology is newer.
 */
let matrix: MatrixView | undefined;
let matrixElement: HTMLElement | undefined;
/** Why the last matrix asked for did not come (the file changed, an error, the user cancelled). */
let matrixStopped: string | undefined;
let matrixComputing = false;
const matrixProgress = el('progress', { id: 'matrix-progress', max: 100, value: 0 });
const matrixProgressText = el('span', { id: 'matrix-progress-text', class: 'muted' });

const matrixPings = () =>
    (topology?.nodes.length ?? 0) * (topology?.nodes.reduce((sum, node) => sum + node.interfaces.reduce((n, iface) => n + iface.addresses.length, 0), 0) ?? 0);
const isCurrent = (view: MatrixView) => !topology || view.version >= topology.version;

matrixButton.addEventListener('click', () => {
    matrixOpen = !matrixOpen;
    matrixButton.setAttribute('aria-pressed', String(matrixOpen));
    matrixPanel.hidden = !matrixOpen;
    if (!matrixOpen) return;
    // Opening the matrix is asking for it: a current one is shown, else it is computed.
    if (matrixComputing || (matrix && isCurrent(matrix))) showMatrixPanel();
    else askMatrix(false);
});

/** Asks for the matrix; beyond MATRIX_CONFIRM_ABOVE pings the table itself gets slow to draw, so the user confirms first (unless `confirmed`). */
function askMatrix(confirmed: boolean): void {
    const pings = matrixPings().toLocaleString('en-US');
    if (!confirmed && matrixPings() > MATRIX_CONFIRM_ABOVE) {
        matrixPanel.replaceChildren(
            el(
                'p',
                {},
                `The matrix of this file is ${pings} pings, a table of as many cells. `,
                el('button', { id: 'matrix-anyway', onclick: () => askMatrix(true) }, 'Compute it anyway')
            )
        );
        return;
    }
    matrixComputing = true;
    matrixStopped = undefined;
    matrixProgress.value = 0;
    matrixProgressText.textContent = '';
    matrixPanel.replaceChildren(
        el(
            'div',
            { class: 'matrix-computing' },
            el('p', { class: 'muted' }, `Simulating every node pinging every address (${pings} pings)…`),
            matrixProgress,
            ' ',
            matrixProgressText,
            ' ',
            el('button', { id: 'matrix-cancel', onclick: () => stopMatrix('Cancelled.', true) }, 'Cancel')
        )
    );
    post({ type: 'matrix' });
}

function stopMatrix(reason: string, cancel: boolean): void {
    if (cancel) post({ type: 'cancelMatrix' });
    matrixComputing = false;
    matrixStopped = reason;
    showMatrixPanel();
}

/** The open matrix panel: the progress while computing, else the table (marked outdated after an edit) or why there is none. */
function showMatrixPanel(): void {
    if (!matrixOpen || matrixComputing) return;
    const refresh = (label: string) => el('button', { id: 'matrix-refresh', onclick: () => askMatrix(false) }, label);
    const notes = [
        matrixStopped ? el('p', { class: 'matrix-note' }, `${matrixStopped} `, refresh(matrix ? 'Refresh' : 'Compute')) : undefined,
        !matrixStopped && matrix && !isCurrent(matrix)
            ? el('p', { class: 'matrix-note outdated' }, 'The file has changed since this matrix was computed. ', refresh('Refresh'))
            : undefined
    ];
    if (matrix) matrixElement?.classList.toggle('outdated', !isCurrent(matrix));
    matrixPanel.replaceChildren(...notes.filter((note) => note !== undefined), ...(matrixElement ? [matrixElement] : []));
}

function showMatrix(view: MatrixView): void {
    matrixComputing = false;
    matrixStopped = undefined;
    matrix = view;
    matrixElement = matrixTable(view, (source, target) => requestPing(source, target));
    showMatrixPanel();
}

function showMatrixProgress(percentage: number, message: string): void {
    if (!matrixComputing) return;
    matrixProgress.value = percentage;
    matrixProgressText.textContent = message;
}

// ---- Export ----
async function exportDrawing(format: 'svg' | 'png'): Promise<void> {
    const text = exportSvg(svgRoot, drawing.getPositions().values());
    post({ type: 'export', format, data: format === 'svg' ? text : await exportPng(text) });
}

// ---- Messages from the extension ----
window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    switch (message?.type) {
        case 'topology':
            showTopology(message.view);
            break;
        case 'matrix':
            showMatrix(message.view);
            break;
        case 'matrixProgress':
            showMatrixProgress(message.percentage, message.message);
            break;
        case 'matrixCancelled':
            if (matrixComputing) stopMatrix(message.reason, false);
            break;
        case 'ping':
            showPing(message.view);
            break;
        case 'fixes':
            fixes = { node: message.node, titles: message.titles };
            showDetails();
            break;
        case 'error':
            refreshing = false;
            setStatus(message.message, true);
            break;
    }
});

post({ type: 'ready' });
