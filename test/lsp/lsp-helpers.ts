import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { Topology } from '../../language/src/generated/ast.js';
import { createNetServices } from '../../language/src/net-module.js';

/**
 * Provider tests: the language's services as the server has them (without a connection), and
 * documents parsed and linked from snippets, with `<|>` marking cursor positions.
 */
export const { Net: services } = createNetServices(EmptyFileSystem);

const parse = parseHelper<Topology>(services);

export interface Marked {
    readonly document: LangiumDocument<Topology>;
    /** The offsets of the `<|>` markers, in order (the markers are removed from the text). */
    readonly offsets: readonly number[];
}

/** Parses and links `text` (validated too, when asked), after removing its `<|>` markers. */
export async function marked(text: string, validation = false): Promise<Marked> {
    const offsets: number[] = [];
    const clean = text.replace(/<\|>/g, (_, at: number) => {
        offsets.push(at - offsets.length * 3);
        return '';
    });
    return { document: await parse(clean, { validation }), offsets };
}

/** Text document position parameters at an offset. */
export function at(document: LangiumDocument, offset: number) {
    return { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) };
}

/** The offset just inside the first occurrence of `needle` (plus `shift` characters). */
export function offsetOf(document: LangiumDocument, needle: string, shift = 0): number {
    const index = document.textDocument.getText().indexOf(needle);
    if (index < 0) throw new Error(`'${needle}' is not in the document`);
    return index + shift;
}
