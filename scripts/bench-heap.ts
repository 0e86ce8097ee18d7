/**
 * Who holds the heap once a generated lab is loaded (`npm run bench`): the part each phase of a
 * Langium build adds to the heap (a forced GC before each reading), the parse split into the
 * AST and its CST, what the parser used to keep (the token vector), and inside validation the
 * model, the compiled network and the `ping` runs, each built again on their own to be weighed.
 * The language server holds the same for an open document (and the LSP text, the same string);
 * `check` the same, less the index entries. Not a test: it asserts nothing.
 */
import { AstUtils, DocumentState, EmptyFileSystem, URI, type AstNode } from 'langium';
import type { Topology as TopologyAst } from '../language/src/generated/ast.js';
import { createNetServices } from '../language/src/net-module.js';
import { buildTopology } from '../language/src/build-topology.js';
import { compileNetwork } from '../language/src/engine/network.js';
import { runPings } from '../language/src/checks/ping-checks.js';
import { generateTopology } from './bench-topology.js';

type Table = (header: string[], rows: string[][]) => string;

export interface HeapBreakdown {
    readonly hosts: number;
    /** Bytes by part, in the order printed. */
    readonly parts: readonly (readonly [string, number])[];
    /** Bytes the loaded document holds in all. */
    readonly total: number;
}

/** Bytes `hold()`'s result keeps on the heap (then let go of). */
function weigh(heap: () => number, hold: () => unknown): number {
    const before = heap();
    const kept = hold();
    const after = heap();
    return kept === undefined ? 0 : after - before;
}

/** The breakdown for the benchmark's lab of `hosts` hosts; `gc` is V8's (node --expose-gc). */
export async function heapBreakdown(hosts: number, gc: () => void): Promise<HeapBreakdown> {
    const heap = () => {
        gc();
        gc();
        return process.memoryUsage().heapUsed;
    };
    const { shared, Net } = createNetServices(EmptyFileSystem);
    const { text } = generateTopology({ hosts, seed: 0x5eed + hosts });
    const parts: [string, number][] = [];

    // A first parse, to split it: the AST and CST together, then the CST let go of (no AST node, no reference holds it).
    Net.parser.LangiumParser.parse('');
    let root: AstNode | undefined;
    let before = heap();
    root = Net.parser.LangiumParser.parse<TopologyAst>(text).value;
    const parsed = heap() - before;
    for (const node of AstUtils.streamAst(root)) {
        (node as { $cstNode?: unknown }).$cstNode = undefined;
        for (const { reference } of AstUtils.streamReferences(node)) Object.assign(reference, { $refNode: undefined });
    }
    const cst = parsed - (heap() - before);
    root = undefined;
    const tokens = weigh(heap, () => Net.parser.Lexer.tokenize(text).tokens);

    // The document through the builder's phases, as the language server and `check` build it.
    before = heap();
    const start = before;
    const uri = URI.parse(`memory:///heap-${hosts}.net`);
    const document = shared.workspace.LangiumDocumentFactory.fromString<TopologyAst>(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    const afterParse = heap();
    parts.push([`parse: AST (${AstUtils.streamAst(document.parseResult.value).count().toLocaleString('en-US')} nodes) and cross-references`, parsed - cst]);
    parts.push(['parse: CST (a leaf per token, a node per rule call)', cst]);
    parts.push(['parse: the document and its TextDocument', afterParse - before - parsed]);
    parts.push(['the text (one string: the LSP text, the document and the CST share it)', text.length]);
    before = afterParse;
    const phases: [DocumentState, string][] = [
        [DocumentState.IndexedContent, 'index: exported names (none: a file is its own scope)'],
        [DocumentState.ComputedScopes, 'scopes: the names the file defines, their descriptions'],
        [DocumentState.Linked, 'linking: resolved references'],
        [DocumentState.IndexedReferences, 'index: reference descriptions (find references)'],
        [DocumentState.Validated, 'validation: model, network, ping runs, diagnostics']
    ];
    const disposables = phases.map(([state, label]) =>
        shared.workspace.DocumentBuilder.onDocumentPhase(state, () => {
            const now = heap();
            parts.push([label, now - before]);
            before = now;
        })
    );
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    for (const disposable of disposables) disposable.dispose();
    const total = heap() - start;

    // Inside validation, each part built again on its own.
    const model = buildTopology([document.parseResult.value]);
    parts.push(['  of which the model (and where each object is written)', weigh(heap, () => buildTopology([document.parseResult.value]))]);
    const network = compileNetwork(model.topology);
    parts.push(['  of which the network (route tables, settings, segments)', weigh(heap, () => compileNetwork(model.topology))]);
    parts.push(['  of which the ping runs', weigh(heap, () => runPings(network))]);
    parts.push(['no longer kept: the token vector (the parser kept the last one)', tokens]);
    shared.workspace.LangiumDocuments.deleteDocument(uri);
    return { hosts, parts, total };
}

/** Prints {@link heapBreakdown} for each size. */
export async function benchHeap(table: Table, gc: (() => void) | undefined, sizes: readonly number[]): Promise<void> {
    if (!gc) {
        console.log('\n(heap breakdown skipped: no gc)');
        return;
    }
    const breakdowns: HeapBreakdown[] = [];
    for (const hosts of sizes) breakdowns.push(await heapBreakdown(hosts, gc));
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    const perHost = (bytes: number, hosts: number) => `${(bytes / hosts / 1024).toFixed(2)} KB`;
    console.log('\nHeap a loaded document holds, by part (forced GC before each reading; per host: divided by the hosts)');
    console.log(
        table(
            ['', ...breakdowns.flatMap((b) => [`${b.hosts.toLocaleString('en-US')} hosts`, 'per host'])],
            [
                ...breakdowns[0].parts.map(([label], index) => [
                    label,
                    ...breakdowns.flatMap((b) => [mib(b.parts[index][1]), perHost(b.parts[index][1], b.hosts)])
                ]),
                ['the document in all', ...breakdowns.flatMap((b) => [mib(b.total), perHost(b.total, b.hosts)])]
            ]
        )
    );
}
