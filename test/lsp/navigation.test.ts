import { expectFindReferences, expectGoToDefinition } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { net } from '../unit/net-helpers.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** Go to definition, find references and rename for switches, nodes and interfaces. */
const lab = net`
    switch lan 10.0.1.0/24
    router gw {
      eth0 10.0.1.1/24 -- lan
      eth1 10.0.2.1/30 -- core.eth0
      route 10.9.0.0/16 via 10.0.2.2 dev eth1
      sysctl net.ipv4.conf.eth1.rp_filter = 1
      sysctl net.ipv4.conf.all.rp_filter = 0
    }
    router core {
      eth0 10.0.2.2/30
      route default via 10.0.2.1 dev eth0
    }
    host alice {
      eth0 10.0.1.10/24 -- lan
      route default via 10.0.1.1
    }
    ping alice -> gw.eth1
    ping alice -> core
`;

/** The text of every range an operation returns, in document order. */
function spans(text: string, ranges: readonly { start: { line: number; character: number }; end: { line: number; character: number } }[]): string[] {
    const document = TextDocument.create('file:///x.net', 'nettopo', 1, text);
    return [...ranges]
        .sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character)
        .map((range) => `${range.start.line + 1}:${document.getText(range)}`);
}

describe('go to definition', () => {
    test('from a switch, a node, and NODE.IFNAME: the node for its first word, the interface for its second', async () => {
        const definition = expectGoToDefinition(services);
        await definition({
            text: lab.replace('eth0 10.0.1.1/24 -- lan', 'eth0 10.0.1.1/24 -- l<|>an').replace('switch lan', 'switch <|lan|>'),
            index: 0,
            rangeIndex: 0
        });
        await definition({
            text: lab.replace('ping alice -> gw.eth1', 'ping alice -> g<|>w.eth1').replace('router gw', 'router <|gw|>'),
            index: 0,
            rangeIndex: 0
        });
        await definition({
            text: lab.replace('ping alice -> gw.eth1', 'ping alice -> gw.e<|>th1').replace('  eth1 10.0.2.1/30', '  <|eth1|> 10.0.2.1/30'),
            index: 0,
            rangeIndex: 0
        });
    });

    test('from `dev IF` and from the interface word of a sysctl key', async () => {
        const definition = expectGoToDefinition(services);
        const target = (text: string) => text.replace('  eth1 10.0.2.1/30', '  <|eth1|> 10.0.2.1/30');
        await definition({ text: target(lab.replace('via 10.0.2.2 dev eth1', 'via 10.0.2.2 dev e<|>th1')), index: 0, rangeIndex: 0 });
        await definition({ text: target(lab.replace('conf.eth1.rp_filter', 'conf.et<|>h1.rp_filter')), index: 0, rangeIndex: 0 });
        const { document, offsets } = await marked(lab.replace('conf.all.rp_filter', 'conf.a<|>ll.rp_filter'));
        expect(await services.lsp.DefinitionProvider!.getDefinition(document, at(document, offsets[0]))).toBeUndefined();
    });
});

describe('find references', () => {
    test('an interface: its declaration, NODE.IFNAME uses (the interface word), dev uses and sysctl keys', async () => {
        const { document } = await marked(lab);
        const references = await services.lsp.ReferencesProvider!.findReferences(document, {
            ...at(document, offsetOf(document, '  eth1 10.0.2.1', 3)),
            context: { includeDeclaration: true }
        });
        expect(
            spans(
                lab,
                references.map((reference) => reference.range)
            )
        ).toEqual(['4:eth1', '5:eth1', '6:eth1', '17:eth1']);
    });

    test('a node: its declaration, ping sources and targets, and the node word of NODE.IFNAME', async () => {
        const { document } = await marked(lab);
        const gw = await services.lsp.ReferencesProvider!.findReferences(document, {
            ...at(document, offsetOf(document, 'router gw', 8)),
            context: { includeDeclaration: true }
        });
        expect(
            spans(
                lab,
                gw.map((reference) => reference.range)
            )
        ).toEqual(['2:gw', '17:gw']);
        const core = await services.lsp.ReferencesProvider!.findReferences(document, {
            ...at(document, offsetOf(document, 'router core', 8)),
            context: { includeDeclaration: false }
        });
        expect(
            spans(
                lab,
                core.map((reference) => reference.range)
            )
        ).toEqual(['4:core', '18:core']);
    });

    test('with the test helper: a switch', async () => {
        await expectFindReferences(services)({
            text: lab
                .replace('switch lan', 'switch <|l<|>an|>')
                .replace('10.0.1.1/24 -- lan', '10.0.1.1/24 -- <|lan|>')
                .replace('10.0.1.10/24 -- lan', '10.0.1.10/24 -- <|lan|>'),
            includeDeclaration: true
        });
    });
});

describe('rename', () => {
    async function rename(needle: string, shift: number, newName: string): Promise<string> {
        const { document } = await marked(lab);
        const edit = await services.lsp.RenameProvider!.rename(document, { ...at(document, offsetOf(document, needle, shift)), newName });
        return TextDocument.applyEdits(document.textDocument, edit?.changes?.[document.uri.toString()] ?? []);
    }

    test('an interface: declaration, NODE.IFNAME, dev and sysctl keys change; nothing else does', async () => {
        const renamed = await rename('  eth1 10.0.2.1', 3, 'uplink');
        expect(renamed).toBe(lab.replaceAll('eth1', 'uplink'));
        expect(renamed).toContain('sysctl net.ipv4.conf.uplink.rp_filter = 1');
        expect(renamed).toContain('ping alice -> gw.uplink');
    });

    test('a node from a reference: its NODE.IFNAME uses keep their interface word', async () => {
        const renamed = await rename('-- core.eth0', 4, 'spine');
        expect(renamed).toBe(
            lab.replace('router core', 'router spine').replace('-- core.eth0', '-- spine.eth0').replace('ping alice -> core', 'ping alice -> spine')
        );
    });

    test('from `dev IF`, as from the declaration', async () => {
        expect(await rename('dev eth0', 5, 'p0')).toBe(
            lab.replace('  eth0 10.0.2.2/30', '  p0 10.0.2.2/30').replace('-- core.eth0', '-- core.p0').replace('dev eth0', 'dev p0')
        );
    });

    test('names the language or Linux refuses, or that are taken, are refused with the reason', async () => {
        const refusal = (needle: string, shift: number, name: string) =>
            rename(needle, shift, name).then(
                () => 'renamed',
                (error: Error) => error.message
            );
        expect(await refusal('router gw', 8, 'core')).toBe('a router is already named core');
        expect(await refusal('router gw', 8, 'route')).toBe("'route' is a keyword of the language");
        expect(await refusal('router gw', 8, '9lives')).toMatch(/^'9lives' is not a name/);
        expect(await refusal('  eth1 10.0.2.1', 3, 'eth0')).toBe('gw already has an interface named eth0');
        expect(await refusal('  eth1 10.0.2.1', 3, 'lo')).toMatch(/^'lo' is taken on every node/);
        expect(await refusal('  eth1 10.0.2.1', 3, 'a-very-long-name')).toMatch(/at most 15/);
    });

    test('prepare rename: on a name or reference, not on an address', async () => {
        const { document } = await marked(lab);
        const provider = services.lsp.RenameProvider!;
        expect(await provider.prepareRename(document, at(document, offsetOf(document, 'dev eth1', 5)))).toMatchObject({ start: { line: 4 } });
        expect(await provider.prepareRename(document, at(document, offsetOf(document, '10.0.1.1/24', 2)))).toBeUndefined();
    });

    test("a Docker host: `on HOST` and the first word of `-- HOST.docker0` (a shape's bridge) change with it", async () => {
        const text = 'host dh {\n  docker\n}\nhost old {\n  eth0 172.17.0.9/16 -- dh.docker0\n}\ncontainer web on dh\nping web -> dh\n';
        const { document } = await marked(text);
        const edit = await services.lsp.RenameProvider!.rename(document, { ...at(document, text.indexOf('dh {') + 1), newName: 'box' });
        expect(TextDocument.applyEdits(document.textDocument, edit?.changes?.[document.uri.toString()] ?? [])).toBe(text.replaceAll('dh', 'box'));
    });
});
