import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
    MATRIX_REQUEST,
    TOGGLE_FORWARDING_REQUEST,
    TOPOLOGY_REQUEST,
    type DocumentEdits,
    type MatrixView,
    type TopologyView
} from '../../language/src/lsp/net-protocol.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/** The simulator's requests on the real language server process (out/server.js over stdio). */

let server: ServerProcess;
const uri = 'file:///lab/06-linux-router.net';
const text = readFileSync(join(import.meta.dirname, '../../examples/06-linux-router.net'), 'utf8');

beforeAll(async () => {
    server = await startServer();
    await server.open(uri, text);
});

afterAll(async () => {
    await server?.stop();
});

const topology = () => server.connection.sendRequest<TopologyView>(TOPOLOGY_REQUEST, { uri });

test('nettopo/topology answers with the nodes, switches, links, pings and diagnostics of the open document', async () => {
    const view = await topology();
    expect(view).toMatchObject({ uri, version: 1 });
    expect(view.nodes.map((node) => `${node.kind} ${node.name} forwarding=${node.forwarding}`)).toEqual(
        ['host alice', 'host mid', 'host carol'].map((name) => `${name} forwarding=none`)
    );
    expect(view.switches.map((entry) => entry.name)).toEqual(['office', 'lab']);
    expect(view.links).toHaveLength(4);
    expect(view.pings.map((ping) => ping.holds)).toEqual([true, true]);
    expect(view.nodes.find((node) => node.name === 'mid')!.diagnostics.map((diagnostic) => diagnostic.code)).toContain('unreachable-destination');
});

test('an edit: asked right after the change, the topology is of the new text', async () => {
    const edited = `${text}\nhost dave {\n  eth0 192.168.20.40/24 -- lab\n}\n`;
    const published = server.change(uri, edited);
    const view = await topology();
    expect(view.version).toBe(2);
    expect(view.nodes.map((node) => node.name)).toEqual(['alice', 'mid', 'carol', 'dave']);
    await published;
});

test('nettopo/matrix: every node against every address, classified', async () => {
    const view = await server.connection.sendRequest<MatrixView>(MATRIX_REQUEST, { uri });
    expect(view.sources).toEqual(['alice', 'mid', 'carol', 'dave']);
    expect(view.targets.map((target) => target.address)).toEqual(['192.168.10.21', '192.168.10.1', '192.168.20.1', '192.168.20.30', '192.168.20.40']);
    // mid does not forward: alice's requests to the lab side die there.
    expect(view.cells[0]).toEqual(['reply', 'reply', 'reply', 'silent', 'silent']);
});

test("nettopo/toggleForwarding: the edit that turns mid's forwarding on; applied, alice reaches carol", async () => {
    const current = await topology();
    const edits = await server.connection.sendRequest<DocumentEdits>(TOGGLE_FORWARDING_REQUEST, { uri, node: 'mid' });
    expect(edits.uri).toBe(uri);
    const before = `${text}\nhost dave {\n  eth0 192.168.20.40/24 -- lab\n}\n`;
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'nettopo', current.version, before), [...edits.edits]);
    expect(after).toContain('  eth1 192.168.20.1/24 -- lab\n  sysctl net.ipv4.ip_forward = 1\n}');
    await server.change(uri, after);
    const view = await topology();
    expect(view.nodes.find((node) => node.name === 'mid')!.forwarding).toBe('all');
    const matrix = await server.connection.sendRequest<MatrixView>(MATRIX_REQUEST, { uri });
    expect(matrix.cells[0][3]).toBe('reply');
});

test('bad requests get an error, not a crash', async () => {
    await expect(server.connection.sendRequest(TOPOLOGY_REQUEST, { uri: 'file:///lab/nowhere.net' })).rejects.toThrow(/not open/);
    await expect(server.connection.sendRequest(TOPOLOGY_REQUEST, {})).rejects.toThrow(/uri/);
    await expect(server.connection.sendRequest(TOGGLE_FORWARDING_REQUEST, { uri, node: 'nobody' })).rejects.toThrow(/no host or router is named 'nobody'/);
    await expect(server.connection.sendRequest(TOGGLE_FORWARDING_REQUEST, { uri })).rejects.toThrow(/needs a node/);
    expect((await topology()).nodes).toHaveLength(4);
});
