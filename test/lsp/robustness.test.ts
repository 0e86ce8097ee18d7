import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLangiumParser, isCompositeCstNode, type CstNode } from 'langium';
import { expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
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

/**
 * The tree as nested arrays of leaves: where each leaf is, how long, and whether it is hidden (a
 * comment or blank). A node of one leaf is that leaf: ours gives a datatype rule's node of one
 * token its token's place (net-parser.ts), Langium's keeps both.
 */
const shape = (node: CstNode): unknown => {
    if (!isCompositeCstNode(node)) return `${node.offset}+${node.length}${node.hidden ? 'h' : ''}`;
    const children = node.content.map(shape);
    return children.length === 1 && typeof children[0] === 'string' ? children[0] : children;
};

/** Every line of `text` followed by a comment line, and each line ending in a comment. */
const commented = (text: string) =>
    text
        .split('\n')
        .map((line, index) => `${line}${line.trim() === '' ? '' : ` # ${index}`}\n  # after ${index}`)
        .join('\n');

test.each(examples)("%s with comments on every line: the CST Langium's own parser builds, and formatting keeps each comment", async (file) => {
    const text = commented(readFileSync(join(dir, file), 'utf8'));
    const ours = services.parser.LangiumParser.parse(text);
    const langiums = createLangiumParser(services).parse(text);
    expect(shape(ours.value.$cstNode!)).toEqual(shape(langiums.value.$cstNode!));

    const { document } = await marked(text);
    const edits = await services.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { tabSize: 2, insertSpaces: true }
    });
    const formatted = TextDocument.applyEdits(document.textDocument, edits);
    const comments = (source: string) => source.match(/#.*$/gm);
    expect(comments(formatted)).toEqual(comments(text));
});
