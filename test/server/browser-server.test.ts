import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
    AbstractMessageReader,
    AbstractMessageWriter,
    createProtocolConnection,
    PublishDiagnosticsNotification,
    type DataCallback,
    type Diagnostic,
    type Disposable,
    type Message,
    type ProtocolConnection
} from 'vscode-languageserver-protocol/node.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * The web extension's language server (out/browser/server.js, the script the browser host starts as
 * a web worker) run as one: in a worker thread whose `self` posts and receives the messages a web
 * worker's would. It must offer what the Node server offers: the same capabilities, the same
 * diagnostics and hovers for the same text.
 */

const root = join(import.meta.dirname, '../..');
const BROWSER_SERVER = join(root, 'out/browser/server.js');
const example = join(root, 'examples/03-one-way-route.net');
const uri = pathToFileURL(example).href;

/** What the worker runs: a web worker's `self` over the thread's port, then the bundle as a classic script. */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { runInThisContext } = require('node:vm');
globalThis.self = {
    addEventListener() {},
    set onmessage(listener) { parentPort.on('message', (data) => listener({ data })); },
    postMessage(message) { parentPort.postMessage(message); }
};
runInThisContext(readFileSync(workerData, 'utf8'), { filename: workerData });
`;

class WorkerReader extends AbstractMessageReader {
    constructor(private readonly worker: Worker) {
        super();
    }
    listen(callback: DataCallback): Disposable {
        this.worker.on('message', callback);
        return { dispose: () => this.worker.off('message', callback) };
    }
}

class WorkerWriter extends AbstractMessageWriter {
    constructor(private readonly worker: Worker) {
        super();
    }
    async write(message: Message): Promise<void> {
        this.worker.postMessage(message);
    }
    end(): void {}
}

let worker: Worker;
let browser: ProtocolConnection;
let browserCapabilities: Record<string, unknown>;
let browserDiagnostics: Promise<Diagnostic[]>;
let node: ServerProcess;
/** Diagnostics the browser server published, by document. */
const published = new Map<string, (diagnostics: Diagnostic[]) => void>();

beforeAll(async () => {
    worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: BROWSER_SERVER });
    const failed = new Promise<never>((_, reject) => worker.once('error', reject));
    browser = createProtocolConnection(new WorkerReader(worker), new WorkerWriter(worker));
    browserDiagnostics = new Promise((resolve) =>
        browser.onNotification(PublishDiagnosticsNotification.type, (params) => {
            if (params.uri === uri) resolve(params.diagnostics);
            published.get(params.uri)?.(params.diagnostics);
        })
    );
    browser.listen();
    const initialize = { processId: null, rootUri: null, capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } } };
    ({ capabilities: browserCapabilities } = await Promise.race([
        browser.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', initialize),
        failed
    ]));
    await browser.sendNotification('initialized', {});
    node = await startServer();
});

afterAll(async () => {
    browser?.dispose();
    await worker?.terminate();
    await node?.stop();
});

test('the browser server announces the capabilities the Node server announces', () => {
    expect(browserCapabilities).toEqual(node.capabilities);
    expect(browserCapabilities).toHaveProperty('hoverProvider');
});

test('for the same text, the browser server publishes the Node server diagnostics and hovers', async () => {
    const text = readFileSync(example, 'utf8');
    const fromNode = await node.open(uri, text);
    await browser.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nettopo', version: 1, text } });
    const fromBrowser = await browserDiagnostics;
    expect(fromNode.length).toBeGreaterThan(0);
    expect(fromBrowser).toEqual(fromNode);
    const line = text.split('\n').findIndex((row) => /^\s*host\s+\w+/.test(row));
    const position = { line, character: text.split('\n')[line].indexOf('host') + 'host '.length };
    const hover = { textDocument: { uri }, position };
    const [nodeHover, browserHover] = await Promise.all([node.request('textDocument/hover', hover), browser.sendRequest('textDocument/hover', hover)]);
    expect(nodeHover).toBeTruthy();
    expect(browserHover).toEqual(nodeHover);
});

test('the browser host has no file system: an import of a file not open in the editor is an error saying so, and an open one is read from the editor', async () => {
    const lab = 'file:///web/lab.net';
    const site = 'file:///web/site.net';
    // One handler per notification on a connection: the file's, which hands each document's diagnostics to `published`.
    const publishedTo = (wanted: string) => new Promise<Diagnostic[]>((resolve) => published.set(wanted, resolve));
    const first = publishedTo(lab);
    const text = 'import "site.net"\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\n';
    await browser.sendNotification('textDocument/didOpen', { textDocument: { uri: lab, languageId: 'nettopo', version: 1, text } });
    expect((await first).map((diagnostic) => diagnostic.message).sort()).toEqual([
        'cannot import "site.net": there is no file system to read it from here: only files open in the editor can be imported (/web/site.net)',
        "unknown switch or interface (NODE.IFNAME) 'lan'"
    ]);
    const again = publishedTo(lab);
    await browser.sendNotification('textDocument/didOpen', { textDocument: { uri: site, languageId: 'nettopo', version: 1, text: 'switch lan\n' } });
    expect(await again).toEqual([]);
});

test('routes from: the Node server reads the route file beside the document, the browser server says it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettopo-browser-routes-'));
    try {
        writeFileSync(join(dir, 'r1.routes'), '198.19.0.0/16 via 198.18.1.2 dev eth0 \n');
        const lab = pathToFileURL(join(dir, 'lab.net')).href;
        const text = 'router r1 {\n  eth0 198.18.1.1/24\n  routes from "r1.routes"\n}\n';
        const unreadable = (diagnostics: Diagnostic[]) =>
            diagnostics.filter((diagnostic) => diagnostic.code === 'route-file-unreadable').map((diagnostic) => diagnostic.message);
        const fromBrowser = new Promise<Diagnostic[]>((resolve) => published.set(lab, resolve));
        expect(unreadable(await node.open(lab, text))).toEqual([]);
        await browser.sendNotification('textDocument/didOpen', { textDocument: { uri: lab, languageId: 'nettopo', version: 1, text } });
        expect(unreadable(await fromBrowser)).toEqual([
            'cannot read files in this editor host: "r1.routes" is not loaded (open the folder in a desktop editor, or use the nettopo CLI)'
        ]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
