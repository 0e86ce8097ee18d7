import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
    createProtocolConnection,
    PublishDiagnosticsNotification,
    StreamMessageReader,
    StreamMessageWriter,
    type Diagnostic,
    type Hover,
    type ProtocolConnection
} from 'vscode-languageserver-protocol/node.js';

/**
 * The package's `nettopo-language-server` command as Neovim, Helix or Emacs start it: found on PATH
 * (here a link to bin/, as `npm install -g` makes one), run with `--stdio`, spoken to in LSP over
 * its stdin and stdout, and asked to shut down and exit.
 */

const root = join(import.meta.dirname, '../..');
const examples = join(root, 'examples');
const example = join(examples, '03-one-way-route.net');
const uri = pathToFileURL(example).href;

let binDir: string;

/** Starts the command by its name, as an editor's `cmd = { 'nettopo-language-server', '--stdio' }` does. */
function startCommand(...args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
    const child = spawn('nettopo-language-server', args, { env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}` }, stdio: 'pipe' });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
    return { child, exited };
}

beforeAll(() => {
    binDir = mkdtempSync(join(tmpdir(), 'nettopo-bin-'));
    symlinkSync(join(root, 'bin/nettopo-language-server.js'), join(binDir, 'nettopo-language-server'));
});

afterAll(() => {
    rmSync(binDir, { recursive: true, force: true });
});

test('over --stdio it initializes, publishes the problems of the opened file, hovers, then shuts down and exits with 0', async () => {
    const { child, exited } = startCommand('--stdio');
    const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const diagnostics = new Promise<Diagnostic[]>((resolve) => {
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            if (params.uri === uri) resolve(params.diagnostics);
        });
    });
    connection.listen();
    try {
        // What an editor sends: its process, the folder it opened, and what it can show.
        const { capabilities } = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
            processId: process.pid,
            rootUri: pathToFileURL(examples).href,
            workspaceFolders: [{ uri: pathToFileURL(examples).href, name: 'examples' }],
            capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { relatedInformation: true } } }
        });
        expect(capabilities).toMatchObject({ hoverProvider: true, codeActionProvider: expect.anything(), textDocumentSync: expect.anything() });
        await connection.sendNotification('initialized', {});
        await connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'nettopo', version: 1, text: readFileSync(example, 'utf8') }
        });
        const published = await diagnostics;
        expect(published.map((diagnostic) => diagnostic.code).sort()).toEqual(['missing-return-route', 'missing-return-route', 'ping-expectation']);
        expect(published.find((diagnostic) => diagnostic.message.includes('carol has no route to 192.168.10.0/24'))).toBeDefined();

        const aliceLine = readFileSync(example, 'utf8')
            .split('\n')
            .findIndex((line) => line.startsWith('host alice'));
        const hover = await connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: aliceLine, character: 6 } });
        const text = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover);
        expect(text).toContain('Kernel IP routing table');
        expect(text).toContain('192.168.20.0/24 via 192.168.10.1 dev eth0');

        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
    } finally {
        connection.dispose();
    }
    const { code, stderr } = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
});

test('without a transport it says how to start it, in its own words, and exits with 2', async () => {
    const { child, exited } = startCommand();
    child.stdin!.end();
    const { code, stderr } = await exited;
    expect(code).toBe(2);
    expect(stderr).toContain('nettopo-language-server: no transport given');
    expect(stderr).toContain('usage: nettopo-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME');
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
});

test('a --socket without a port number is refused with the reason', async () => {
    const { exited } = startCommand('--socket=http');
    const { code, stderr } = await exited;
    expect(code).toBe(2);
    expect(stderr).toContain('--socket needs a port number (1-65535), got "http"');
});
