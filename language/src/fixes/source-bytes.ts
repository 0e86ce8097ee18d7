import type { TextEdit } from 'vscode-languageserver-types';

/**
 * A `.net` file as bytes, and text edits placed back onto those bytes. The text the parser sees is
 * the bytes decoded as an editor decodes them (UTF-8, a leading BOM dropped, each invalid sequence
 * one U+FFFD, as the WHATWG decoder VS Code uses does it), so that the CLI and the editor agree on
 * every line and column. Writing that text back would turn invalid bytes into U+FFFD for good;
 * instead each edit's LSP range is mapped onto the original bytes and only those bytes change.
 */

const BOM_LENGTH = 3;

/** True when the bytes start with a UTF-8 byte order mark. */
function hasBom(bytes: Uint8Array): boolean {
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The text of a file, as the editor shows it: UTF-8, without a leading BOM, invalid bytes as U+FFFD. */
export function decodeSource(bytes: Uint8Array): string {
    return new TextDecoder('utf-8').decode(bytes);
}

/** The bytes with the edits applied (positions as in `decodeSource`'s text); new lines take the file's line ending. */
export function applyEditsToBytes(bytes: Uint8Array, edits: readonly TextEdit[]): Uint8Array {
    const starts = lineStarts(bytes);
    const placed = edits
        .map((edit, order) => ({
            start: byteOffset(bytes, starts, edit.range.start),
            end: byteOffset(bytes, starts, edit.range.end),
            text: edit.newText,
            order
        }))
        .sort((a, b) => a.start - b.start || a.order - b.order);
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const edit of placed) {
        parts.push(bytes.subarray(at, edit.start), Buffer.from(edit.text, 'utf8'));
        at = Math.max(at, edit.end);
    }
    parts.push(bytes.subarray(at));
    return Buffer.concat(parts);
}

/** The edits with `\n` in their new text written as the file writes its line breaks (CRLF files stay CRLF). */
export function withLineEnding(bytes: Uint8Array, edits: readonly TextEdit[]): TextEdit[] {
    const newline = bytes.indexOf(0x0a);
    if (newline <= 0 || bytes[newline - 1] !== 0x0d) return [...edits];
    return edits.map((edit) => ({ range: edit.range, newText: edit.newText.replace(/\r?\n/g, '\r\n') }));
}

/** Where each line starts, in bytes: after `\n`, and after a `\r` not followed by `\n` (LSP's line breaks). */
function lineStarts(bytes: Uint8Array): number[] {
    const starts = [hasBom(bytes) ? BOM_LENGTH : 0];
    for (let index = starts[0]; index < bytes.length; index++) {
        if (bytes[index] === 0x0a || (bytes[index] === 0x0d && bytes[index + 1] !== 0x0a)) starts.push(index + 1);
    }
    return starts;
}

/** The byte offset of an LSP position: its line's start, then `character` UTF-16 units decoded as `decodeSource` does. */
function byteOffset(bytes: Uint8Array, starts: readonly number[], position: TextEdit['range']['start']): number {
    if (position.line >= starts.length) return bytes.length;
    let at = starts[position.line];
    // Past the end of the line is its end (before the line break), as in TextDocument.offsetAt.
    let end = position.line + 1 < starts.length ? starts[position.line + 1] : bytes.length;
    if (end > at && bytes[end - 1] === 0x0a) end--;
    if (end > at && bytes[end - 1] === 0x0d) end--;
    for (let units = 0; units < position.character && at < end;) {
        const next = decodedCharacter(bytes, at, end);
        at += next.bytes;
        units += next.units;
    }
    return at;
}

/**
 * The next character at `at`: how many bytes it takes and how many UTF-16 units it decodes to.
 * A valid sequence is one character (two units above U+FFFF); an invalid one ends, as the WHATWG
 * decoder ends it, at the first byte that cannot continue it, and decodes to one U+FFFD.
 */
function decodedCharacter(bytes: Uint8Array, at: number, end: number): { bytes: number; units: number } {
    const lead = bytes[at];
    let needed: number,
        lower = 0x80,
        upper = 0xbf;
    if (lead < 0x80) return { bytes: 1, units: 1 };
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
        needed = 2;
        if (lead === 0xe0) lower = 0xa0;
        if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        needed = 3;
        if (lead === 0xf0) lower = 0x90;
        if (lead === 0xf4) upper = 0x8f;
    } else return { bytes: 1, units: 1 };
    for (let seen = 1; seen <= needed; seen++) {
        const byte = at + seen < end ? bytes[at + seen] : -1;
        if (byte < lower || byte > upper) return { bytes: seen, units: 1 };
        lower = 0x80;
        upper = 0xbf;
    }
    return { bytes: needed + 1, units: needed === 3 ? 2 : 1 };
}
