import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultCompletionProvider } from 'langium/lsp';
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { NetCompletionProvider } from '../../language/src/lsp/net-completion-provider.js';
import { net } from '../unit/net-helpers.js';
import { at, marked, services } from './lsp-helpers.js';

/** Completion: keywords, names, NODE.IFNAME, dev, sysctl keys, free addresses, gateways, snippets. */
const lab = net`
    switch lan 10.0.1.0/24
    switch wan 10.0.2.0/24
    router gw {
      eth0 10.0.1.1/24 -- lan
      eth1 10.0.2.1/24 -- wan
    }
    host fwd {
      eth0 10.0.1.3/24 -- lan
      sysctl net.ipv4.ip_forward = 1
    }
    host alice {
      eth0 10.0.1.2/24 -- lan
    }
`;

async function complete(text: string): Promise<CompletionItem[]> {
    const { document, offsets } = await marked(text);
    const list = await services.lsp.CompletionProvider!.getCompletion(document, { ...at(document, offsets[0]) });
    return list?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);

describe('completion', () => {
    test('statement keywords and snippets at the top level, member keywords in a node', async () => {
        const top = await complete(`${lab}<|>`);
        expect(labels(top)).toEqual(expect.arrayContaining(['switch', 'host', 'router', 'ping', 'two-LAN lab']));
        expect(top.find((item) => item.label === 'two-LAN lab')).toMatchObject({ insertTextFormat: 2, kind: 15 });
        const inside = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  <|>\n'));
        expect(labels(inside)).toEqual(expect.arrayContaining(['route', 'sysctl']));
        expect(labels(inside)).not.toContain('two-LAN lab');
    });

    test('`down` is offered where an interface or bridge line may end', async () => {
        const after = (line: string) => complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', `  ${line}<|>\n`));
        expect(labels(await after('eth0 10.0.1.2/24 -- lan '))).toContain('down');
        expect(labels(await after('bridge br0 10.0.9.1/24 '))).toContain('down');
    });

    test('the Docker shapes: docker and network in a node, container at the top level, then on and the hosts', async () => {
        const inside = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  <|>\n'));
        expect(labels(inside)).toEqual(expect.arrayContaining(['docker', 'network']));
        expect(labels(await complete(`${lab}<|>`))).toContain('container');
        expect(labels(await complete(`${lab}container web <|>`))).toEqual(['on']);
        expect(labels(await complete(`${lab}container web on <|>`))).toEqual(expect.arrayContaining(['gw', 'fwd', 'alice']));
        // The bridges a shape stands for are the node's interfaces, for `dev` as for the rest.
        const dev = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  docker\n  route 10.9.0.0/16 dev <|>\n'));
        expect(labels(dev)).toEqual(['eth0', 'docker0']);
    });

    test("names: a ping source, and after NODE. only that node's interfaces", async () => {
        expect(labels(await complete(`${lab}ping <|>`))).toEqual(expect.arrayContaining(['gw', 'fwd', 'alice']));
        expect(labels(await complete(`${lab}ping alice -> gw.<|>`))).toEqual(['gw.eth0', 'gw.eth1']);
        expect(labels(await complete(lab.replace('eth0 10.0.1.2/24 -- lan', 'eth0 10.0.1.2/24 -- gw.e<|>')))).toEqual(['gw.eth0', 'gw.eth1']);
    });

    test("a ping line's options after its target", async () => {
        expect(labels(await complete(`${lab}ping alice -> gw <|>`))).toEqual(expect.arrayContaining(['from', 'count', 'broadcast', 'fails']));
        expect(labels(await complete(`${lab}ping alice -> gw count 3 <|>`))).toEqual(expect.arrayContaining(['broadcast', 'fails']));
    });

    test('`dev`: the interfaces of this node', async () => {
        const items = await complete(lab.replace('  eth1 10.0.2.1/24 -- wan\n', '  eth1 10.0.2.1/24 -- wan\n  route 10.9.0.0/16 dev <|>\n'));
        expect(labels(items)).toEqual(['eth0', 'eth1']);
        expect(items[0].detail).toBe('10.0.1.1/24');
    });

    test("sysctl keys, with this node's interfaces", async () => {
        const items = labels(await complete(lab.replace('  eth1 10.0.2.1/24 -- wan\n', '  eth1 10.0.2.1/24 -- wan\n  sysctl net.ipv4.<|>\n')));
        expect(items).toEqual(
            expect.arrayContaining([
                'net.ipv4.ip_forward',
                'net.ipv4.conf.all.rp_filter',
                'net.ipv4.conf.eth0.rp_filter',
                'net.ipv4.conf.eth1.send_redirects',
                'net.ipv4.conf.all.accept_redirects',
                'net.ipv4.conf.eth1.accept_redirects'
            ])
        );
        expect(items).not.toContain('default');
    });

    test("`via`: addresses other nodes hold on this node's subnets, those that forward first", async () => {
        const items = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  route default via <|>\n'));
        expect(items.map((item) => `${item.label} ${item.detail}`).sort()).toEqual(['10.0.1.1 gw.eth0, forwards', '10.0.1.3 fwd.eth0, forwards']);
        const typed = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  route default via 10.0.<|>\n'));
        // The whole address typed so far is replaced, not just its last number.
        expect(typed.find((item) => item.label === '10.0.1.1')?.textEdit).toMatchObject({
            newText: '10.0.1.1',
            range: { start: { character: 20 }, end: { character: 25 } }
        });
    });

    test("an interface's address: free ones on its switch, or the first free one of every switch", async () => {
        const plugged = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  eth1 <|> -- lan\n'));
        // The keyword `down` may come right after the name too (`eth1 down`).
        expect(labels(plugged)).toEqual(['10.0.1.4/24', '10.0.1.5/24', '10.0.1.6/24', '10.0.1.7/24', '10.0.1.8/24', 'down']);
        expect(plugged[0].detail).toBe('free on lan (10.0.1.0/24)');
        const loose = await complete(lab.replace('  eth0 10.0.1.2/24 -- lan\n', '  eth0 10.0.1.2/24 -- lan\n  eth1 <|>\n'));
        expect(labels(loose)).toEqual(expect.arrayContaining(['10.0.1.4/24', '10.0.2.2/24']));
    });
});

describe("completion reads only the cursor's statement", () => {
    /** Langium's own way: the whole text before the cursor is lexed and parsed. */
    class WholeText extends NetCompletionProvider {
        protected override findFeaturesAt(textDocument: TextDocument, offset: number) {
            return DefaultCompletionProvider.prototype['findFeaturesAt'].call(this, textDocument, offset);
        }
        protected override backtrackToAnyToken(text: string, offset: number) {
            return DefaultCompletionProvider.prototype['backtrackToAnyToken'].call(this, text, offset);
        }
    }
    const wholeText = new WholeText(services);
    const dir = join(import.meta.dirname, '../../examples');

    test.each(readdirSync(dir).filter((file) => file.endsWith('.net')))('%s: the same items as from the whole text, at every few characters', async (file) => {
        const text = readFileSync(join(dir, file), 'utf8');
        for (let cut = 0; cut <= text.length; cut += 11) {
            // The file as typed up to `cut`, and as typed so far with the rest still there.
            for (const content of [text.slice(0, cut), text]) {
                const { document } = await marked(content);
                const position = at(document, cut);
                const [ours, theirs] = await Promise.all([
                    services.lsp.CompletionProvider!.getCompletion(document, position),
                    wholeText.getCompletion(document, position)
                ]);
                expect(ours?.items, `${file} at ${cut}`).toEqual(theirs?.items);
            }
        }
    });
});
