import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatFilterRules, formatNatRules } from '../../language/src/engine/rule-format.js';
import { loadNetText } from '../../language/src/load.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/** Hovers on containers from the real server process: a bridge host's iptables listings, a rule line as `iptables -S` prints it. */
let server: ServerProcess;
const uri = 'file:///lab/14-docker-forward-drop.net';
const text = readFileSync(join(import.meta.dirname, '../../examples/14-docker-forward-drop.net'), 'utf8');
const document = TextDocument.create(uri, 'nettopo', 1, text);

async function hover(needle: string, shift: number): Promise<{ value: string; blocks: string[] }> {
    const answer = await server.request<Hover>('textDocument/hover', { textDocument: { uri }, position: document.positionAt(text.indexOf(needle) + shift) });
    const value = (answer.contents as MarkupContent).value;
    return { value, blocks: [...value.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]) };
}

beforeAll(async () => {
    server = await startServer();
    await server.open(uri, text);
});

afterAll(async () => {
    await server?.stop();
});

test('hover on the bridge host: its bridge ports, then ip route, route -n, iptables -S and iptables -t nat -S', async () => {
    const { value, blocks } = await hover('host dockerhost', 6);
    const host = (await loadNetText(text)).network.nodes.get('dockerhost')!;
    expect(blocks.slice(2)).toEqual([formatFilterRules(host.model), formatNatRules(host.model)]);
    expect(blocks[2]).toContain('-P FORWARD DROP\n');
    expect(value).toContain('| `web.eth0` | 172.17.0.2/16 |\n| `db.eth0` | 172.17.0.3/16 |');
});

test('hover on a filter line and on the nat line: the rule as iptables lists it', async () => {
    expect((await hover('filter forward accept in docker0 out !docker0', 8)).blocks).toEqual(['-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n']);
    expect((await hover('nat masquerade', 5)).blocks).toEqual(['-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n']);
});
