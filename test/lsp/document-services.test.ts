import { CancellationToken } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import * as ast from '../../language/src/generated/ast.js';
import { marked, services } from './lsp-helpers.js';

/** The per-document services (NetAddedServices.model): built once per parse, anew for every edit. */

const text = 'switch lan 10.0.0.0/24\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\nhost b {\n  eth0 10.0.0.2/24 -- lan\n}\nping a -> b\n';

describe('the model services', () => {
    test('one model, one set of ping runs, one index per parse, whoever asks', async () => {
        const { document } = await marked(text, true);
        const { DocumentModels, PingRuns, ModelIndex } = services.model;
        const model = DocumentModels.get(document);
        expect(DocumentModels.get(document.parseResult.value)).toBe(model);
        expect(PingRuns.get(document)).toBe(PingRuns.get(document.parseResult.value));
        expect(PingRuns.get(document).map((run) => [run.ping.source, run.ping.targetText, run.holds])).toEqual([['a', 'b', true]]);
        const host = document.parseResult.value.statements.find(ast.isNode)!;
        expect(ModelIndex.objectOf(document, host)).toBe(model.topology.nodes[0]);
    });

    test('an edit re-parses the same document: the services answer for the new text', async () => {
        const { document } = await marked(text, true);
        const { DocumentModels, PingRuns } = services.model;
        const before = DocumentModels.get(document);
        const runs = PingRuns.get(document);
        const edited = text.replace('ping a -> b', 'ping a -> b\nping b -> 10.0.0.9 fails');
        const uri = document.uri.toString();
        services.shared.workspace.TextDocuments!.set(TextDocument.create(uri, 'nettopo', 2, edited));
        try {
            await services.shared.workspace.LangiumDocumentFactory.update(document, CancellationToken.None);
            const after = DocumentModels.get(document);
            expect(after).not.toBe(before);
            expect(after.topology.pings.map((ping) => ping.targetText)).toEqual(['b', '10.0.0.9']);
            expect(PingRuns.get(document)).not.toBe(runs);
            expect(PingRuns.get(document).map((run) => run.holds)).toEqual([true, true]);
        } finally {
            services.shared.workspace.TextDocuments!.delete(uri);
        }
    });
});
