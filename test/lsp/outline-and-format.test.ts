import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectFoldings, expectFormatting } from 'langium/test';
import { SymbolKind, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { loadNetText } from '../../language/src/load.js';
import { randomTopology } from '../kernel/random-topology.js';
import { prng } from '../support/prng.js';
import { marked, services } from './lsp-helpers.js';

/** The outline, folding, and the formatter (which must keep every comment and never change meaning). */
describe('outline', () => {
    test('switches, nodes with their interfaces, routes and sysctls, and ping lines', async () => {
        const { document } = await marked(
            'switch lan 10.0.0.0/24\nrouter gw {\n  eth0 10.0.0.1/24, 10.0.0.2/24 -- lan\n  route   10.9.0.0/16 via 10.0.0.7   # note\n  sysctl net.ipv4.conf.eth0.rp_filter = 1\n}\nping gw -> 10.0.0.1\n'
        );
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        const shape = (list: typeof symbols): unknown[] =>
            list.map((symbol) => ({
                name: symbol.name,
                kind: symbol.kind,
                detail: symbol.detail,
                line: symbol.range.start.line,
                ...(symbol.children && { children: shape(symbol.children) })
            }));
        expect(shape(symbols)).toEqual([
            { name: 'lan', kind: SymbolKind.Namespace, detail: 'switch 10.0.0.0/24', line: 0 },
            {
                name: 'gw',
                kind: SymbolKind.Module,
                detail: 'router',
                line: 1,
                children: [
                    { name: 'eth0', kind: SymbolKind.Interface, detail: '10.0.0.1/24, 10.0.0.2/24', line: 2 },
                    { name: 'route 10.9.0.0/16 via 10.0.0.7', kind: SymbolKind.Function, detail: '', line: 3 },
                    { name: 'sysctl net.ipv4.conf.eth0.rp_filter = 1', kind: SymbolKind.Property, detail: '', line: 4 }
                ]
            },
            { name: 'ping gw -> 10.0.0.1', kind: SymbolKind.Event, detail: '', line: 6 }
        ]);
        expect(symbols[1].selectionRange).toEqual({ start: { line: 1, character: 7 }, end: { line: 1, character: 9 } });
    });
});

describe('folding', () => {
    test('node blocks and runs of comment lines', async () => {
        await expectFoldings(services)({
            text: '<|# a lab\n# two lines|>\nswitch s\n<|host A {\n  # one comment line\n  eth0 10.0.0.1/24 -- s\n|>}\n',
            assert: (foldings, expected) => {
                expect(foldings.map((folding) => [folding.startLine, folding.endLine, folding.kind]).sort()).toEqual([
                    [0, 1, 'comment'],
                    [3, 5, undefined]
                ]);
                expect(expected).toHaveLength(2);
            }
        });
    });
});

describe('formatter', () => {
    test('indentation by depth, single spaces, none before a comma or around dots; comments kept; blank runs shrink', async () => {
        await expectFormatting(services)({
            before: '\n\n# a lab   \nswitch   lan 10.0.0.0/24\n\n\n\nrouter gw{\n        eth0 10.0.0.1/24 ,10.0.0.2/24 --lan   # uplink\n\troute default   via 10.0.0.254 metric 5\n  sysctl net . ipv4 . ip_forward=1\n  }\nping gw ->gw . eth0 fails\nping gw->gw\n\n\n',
            after: '# a lab\nswitch lan 10.0.0.0/24\n\nrouter gw {\n  eth0 10.0.0.1/24, 10.0.0.2/24 -- lan # uplink\n  route default via 10.0.0.254 metric 5\n  sysctl net.ipv4.ip_forward = 1\n}\nping gw -> gw.eth0 fails\nping gw->gw\n',
            options: { insertSpaces: true, tabSize: 2 }
        });
    });

    test('shapes: a container line stays at depth 0, the dot of HOST.NETWORK joined', async () => {
        await expectFormatting(services)({
            before: 'host h {\n docker   172.17.0.1/16\n      network  back 10.1.0.0/24\n}\n  container  web on h . back   10.1.0.9\ncontainer db on h\n',
            after: 'host h {\n  docker 172.17.0.1/16\n  network back 10.1.0.0/24\n}\ncontainer web on h.back 10.1.0.9\ncontainer db on h\n',
            options: { insertSpaces: true, tabSize: 2 }
        });
    });

    test('routes from: the path kept as written, blanks inside the quotes too', async () => {
        await expectFormatting(services)({
            before: 'router r1 {\n      routes   from     "tables/r1 main.routes"   # from r1\n}\n',
            after: 'router r1 {\n  routes from "tables/r1 main.routes" # from r1\n}\n',
            options: { insertSpaces: true, tabSize: 2 }
        });
    });

    test("the editor's indentation settings; a range formats only its lines", async () => {
        await expectFormatting(services)({
            before: 'host A {\neth0 10.0.0.1/24\n}\n',
            after: 'host A {\n\teth0 10.0.0.1/24\n}\n',
            options: { insertSpaces: false, tabSize: 4 }
        });
        await expectFormatting(services)({
            before: 'host A {\neth0 10.0.0.1/24\nroute  default via 10.0.0.2\n}\n',
            after: 'host A {\neth0 10.0.0.1/24\n    route default via 10.0.0.2\n}\n',
            range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }
        });
    });

    test('lines that do not parse are tidied the same way; a line the lexer cannot read (`gw->` is the name `gw-`, then `>`) is left alone', async () => {
        await expectFormatting(services)({
            before: 'host A {\n  eth0   10.0.0.1/24 --\n    route via\n  eth1 10.0.0.3/24 @ !\n}\n',
            after: 'host A {\n  eth0 10.0.0.1/24 --\n  route via\n  eth1 10.0.0.3/24 @ !\n}\n',
            options: { insertSpaces: true, tabSize: 2 }
        });
    });

    /** Every `.net` file of the project, and random topologies of the kernel tier's generator. */
    const files: [string, string][] = [
        ...['examples', 'test/fixtures/kernel-samples', 'test/fixtures/kernel-cases'].flatMap((dir) => {
            const path = join(import.meta.dirname, '../..', dir);
            return readdirSync(path)
                .filter((file) => file.endsWith('.net'))
                .map((file): [string, string] => [`${dir}/${file}`, readFileSync(join(path, file), 'utf8')]);
        }),
        ...Array.from({ length: 20 }, (_, seed): [string, string] => [`random topology ${seed}`, randomTopology(seed + 1)])
    ];

    test.each(files)('%s: formatting keeps the model, the diagnostics and every comment, and formats to itself', async (_, text) => {
        for (const input of [text, scramble(text, text.length)]) {
            const formatted = await format(input);
            const [before, after] = await Promise.all([loadNetText(input), loadNetText(formatted)]);
            expect(JSON.stringify(after.topology)).toBe(JSON.stringify(before.topology));
            // Lexing errors name their offset, which blank lines and indentation move.
            const codes = (file: typeof before) =>
                file.diagnostics
                    .map(
                        (diagnostic) =>
                            `${diagnostic.code ?? (diagnostic.data as { code?: string })?.code}: ${diagnostic.message.replace(/offset: \d+/, 'offset')}`
                    )
                    .sort();
            expect(codes(after)).toEqual(codes(before));
            expect(comments(formatted)).toEqual(comments(input));
            expect(await format(formatted)).toBe(formatted);
        }
    });
});

async function format(text: string): Promise<string> {
    const { document } = await marked(text);
    const edits: TextEdit[] = await services.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { insertSpaces: true, tabSize: 2 }
    });
    return TextDocument.applyEdits(document.textDocument, edits);
}

/** Every comment of a text, without trailing spaces. */
function comments(text: string): string[] {
    return [...text.matchAll(/#[^\n]*/g)].map((match) => match[0].trimEnd());
}

/** The same text with the spacing a careless hand gives it: spaces and tabs doubled, indentation lost, blank lines added. */
function scramble(text: string, seed: number): string {
    const random = prng(seed);
    return text
        .split('\n')
        .map((line) => {
            const [code, comment] = line.includes('#') ? [line.slice(0, line.indexOf('#')), line.slice(line.indexOf('#'))] : [line, ''];
            const spaced = code
                .replace(/ +/g, () => (random() < 0.5 ? ' ' : random() < 0.5 ? '  \t' : '   '))
                .replace(/^\s+/, () => (random() < 0.5 ? '' : '\t\t'));
            // Not around `--` and `->`: a name may contain `-`, so `a->b` lexes as the name `a-` and a stray `>`.
            const tight = spaced.replace(/ (=|,) /g, (match, token: string) => (random() < 0.3 ? token : match));
            return tight + (comment ? ` ${comment}` : '') + (random() < 0.1 ? '\n' : '');
        })
        .join('\n');
}
