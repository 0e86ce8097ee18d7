import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { at, marked, services } from './lsp-helpers.js';

/**
 * Half-typed files are what an editor sees most: every provider, on every prefix of every example
 * (cut every few characters), answers without throwing.
 */
const dir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(dir).filter((file) => file.endsWith('.net'));

test.each(examples)('every provider answers on every prefix of %s', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const lsp = services.lsp;
    for (let end = 0; end <= text.length; end += 7) {
        const { document } = await marked(text.slice(0, end));
        const textDocument = { uri: document.uri.toString() };
        const whole = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(end) };
        for (const offset of [end, Math.floor(end / 2), Math.floor(end / 3)]) {
            const position = at(document, offset);
            await lsp.HoverProvider!.getHoverContent(document, position);
            await lsp.CompletionProvider!.getCompletion(document, position);
            await lsp.DefinitionProvider!.getDefinition(document, position);
            await lsp.ReferencesProvider!.findReferences(document, { ...position, context: { includeDeclaration: true } });
            await lsp.RenameProvider!.prepareRename(document, position);
        }
        await lsp.CodeLensProvider!.provideCodeLens(document, { textDocument });
        await lsp.InlayHintProvider!.getInlayHints(document, { textDocument, range: whole });
        await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
        await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument });
        expect(await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } })).toBeInstanceOf(Array);
    }
});
