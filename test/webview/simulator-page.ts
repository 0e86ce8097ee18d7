import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { LoadedFile } from '../../language/src/load.js';
import { buildMatrixView } from '../../language/src/views/matrix-view.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';
import type { HostMessage, WebviewMessage } from '../../client/webview/messages.js';
import { parseWebviewMessage } from '../../client/webview/messages.js';
import { simulatorPage } from '../../client/webview/page.js';

/**
 * The built simulator webview (out/webview) in headless Debian Chromium, with a stand-in for VS Code:
 * `acquireVsCodeApi()` records every message the page posts, and answers the way the extension does,
 * with views computed by the real builders from a loaded `.net` file (the topology on `ready`, pings,
 * the matrix with the builder's progress). Nothing is hand-written JSON; like VS Code, the stand-in
 * numbers the versions of the document (each file the test puts in is the next version).
 */

/** The project's folder (this file also runs bundled, from out/, in the benchmark). */
const root = projectRoot(import.meta.dirname);

function projectRoot(start: string): string {
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
        if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'client/webview'))) return dir;
    }
    throw new Error(`no nettopo project above ${start}`);
}
export const WEBVIEW_DIR = join(root, 'out/webview');
export const SCREENSHOTS = join(root, 'out/screenshots');

/** Writes the page the extension would serve, with file: URLs for the built script and style. */
export function writeTestPage(): string {
    const dir = join(root, 'out/webview-test');
    mkdirSync(dir, { recursive: true });
    const html = simulatorPage({
        script: pathToFileURL(join(WEBVIEW_DIR, 'simulator.js')).href,
        style: pathToFileURL(join(WEBVIEW_DIR, 'simulator-style.css')).href,
        cspSource: 'file:',
        nonce: 'test-nonce-0123456789'
    });
    const path = join(dir, 'index.html');
    writeFileSync(path, html);
    return pathToFileURL(path).href;
}

/** What the page's `window` offers the code these helpers run inside it (the tests compile without the DOM library). */
interface BrowserWindow {
    postMessage(message: unknown, targetOrigin: string): void;
}

export interface SimulatorPage {
    readonly page: Page;
    /** Every message the page posted, validated as the extension validates them. */
    readonly posted: WebviewMessage[];
    /** Resolves once the messages posted so far satisfy `done` (checked at each message). */
    postedWhen(done: (posted: readonly WebviewMessage[]) => boolean): Promise<void>;
    /** The file the stand-in answers from; replace it to simulate an edit (then `send` its topology). */
    file: LoadedFile;
    /**
     * While set, the stand-in sends the matrix's progress and then waits for this promise before it
     * sends the matrix itself (so that a test can look at the page meanwhile).
     */
    matrixGate?: Promise<void>;
    send(message: HostMessage): Promise<void>;
    /** Sends the current file's topology, as the extension does after an edit. */
    sendTopology(): Promise<void>;
    close(): Promise<void>;
}

/**
 * Opens the simulator page on `file` and waits until it has drawn the file's topology (unless
 * `answerReady` is false: then the page waits for a topology the caller sends).
 */
export async function openSimulator(browser: Browser, file: LoadedFile, viewport = { width: 1280, height: 800 }, answerReady = true): Promise<SimulatorPage> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const posted: WebviewMessage[] = [];
    const waiters: { done: (posted: readonly WebviewMessage[]) => boolean; resolve: () => void }[] = [];
    const postedWhen = (done: (posted: readonly WebviewMessage[]) => boolean) =>
        done(posted) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ done, resolve }));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const versions = new WeakMap<LoadedFile, number>();
    let versionCount = 0;
    const version = (file = simulator.file) => {
        if (!versions.has(file)) versions.set(file, ++versionCount);
        return versions.get(file)!;
    };
    const simulator: SimulatorPage = {
        page,
        posted,
        postedWhen,
        file,
        // Runs in the page: posts as VS Code delivers the extension's messages to a webview.
        send: async (message) =>
            page.evaluate((data) => (globalThis as unknown as BrowserWindow).postMessage(data, '*'), message as unknown as Record<string, unknown>),
        sendTopology: () => simulator.send({ type: 'topology', view: { ...buildTopologyView(simulator.file), version: version() } }),
        close: () => context.close()
    };
    const sendMatrix = async () => {
        const file = simulator.file;
        const progress: { percentage: number; message: string }[] = [];
        const view = await buildMatrixView(file, undefined, (done, total) =>
            progress.push({ percentage: Math.floor((done * 100) / total), message: `${done} of ${total} pings` })
        );
        for (const report of progress) await simulator.send({ type: 'matrixProgress', ...report });
        await simulator.matrixGate;
        await simulator.send({ type: 'matrix', view: { ...view, version: version(file) } });
    };
    await context.exposeFunction('__extensionReceives', async (raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) throw new Error(`the page posted an invalid message: ${JSON.stringify(raw)}`);
        posted.push(message);
        for (const waiter of waiters.filter((entry) => entry.done(posted))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
        }
        const model = simulator.file;
        if (message.type === 'ready' && answerReady) await simulator.sendTopology();
        else if (message.type === 'matrix') await sendMatrix();
        else if (message.type === 'ping') {
            const view = buildPingView(model, message.source, message.target);
            await simulator.send('error' in view ? { type: 'error', message: view.error } : { type: 'ping', view });
        }
    });
    await context.addInitScript(() => {
        let state: unknown;
        const host = globalThis as unknown as { __extensionReceives(message: unknown): void; acquireVsCodeApi(): unknown };
        host.acquireVsCodeApi = () => ({
            postMessage: (message: unknown) => host.__extensionReceives(message),
            getState: () => state,
            setState: (value: unknown) => {
                state = value;
            }
        });
    });
    await page.goto(writeTestPage());
    await page.waitForSelector(answerReady ? '#drawing .vertex' : '#drawing');
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    return simulator;
}

export function screenshotPath(name: string): string {
    mkdirSync(SCREENSHOTS, { recursive: true });
    return join(SCREENSHOTS, name);
}
