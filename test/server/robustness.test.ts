import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadNetText } from '../../language/src/load.js';
import { prng } from '../support/prng.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * Bad input never crashes or hangs the server: every example typed into it one character at a time
 * (each keystroke an incremental change), then random edits; diagnostics keep coming, they are
 * those of the text as it stands, and other requests are answered throughout.
 */
const dir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(dir)
    .filter((file) => file.endsWith('.net'))
    .map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const);
/** Waiting for every keystroke's diagnostics would take minutes; every few keystrokes is waited for, the others race. */
const WAIT_EVERY = 23;

let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
});

/** Diagnostics as a user reads them: line, column, message. */
const shown = (diagnostics: readonly Diagnostic[]) =>
    diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.character} ${diagnostic.message}`).sort();

/**
 * The diagnostics the server settles on are those of `text` (what the CLI reports for it): once it
 * has validated the last version sent, the last diagnostics it published are that version's.
 */
async function expectSettled(uri: string, text: string): Promise<void> {
    const expected = shown((await loadNetText(text)).diagnostics);
    await server.validation(uri);
    expect(shown(server.published.get(uri)?.at(-1) ?? []), `diagnostics of ${uri} as typed so far`).toEqual(expected);
}

/** Requests an editor sends while the user types; each must get an answer (a result or an error), not silence. */
async function poke(uri: string, text: string, random: () => number): Promise<void> {
    const document = TextDocument.create(uri, 'nettopo', 1, text);
    const position = document.positionAt(Math.floor(random() * (text.length + 1)));
    const requests = [
        ['textDocument/hover', { textDocument: { uri }, position }],
        ['textDocument/completion', { textDocument: { uri }, position }],
        ['textDocument/codeLens', { textDocument: { uri } }],
        ['textDocument/documentSymbol', { textDocument: { uri } }],
        ['textDocument/foldingRange', { textDocument: { uri } }],
        ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
        ['textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) } }],
        ['textDocument/definition', { textDocument: { uri }, position }],
        ['textDocument/prepareRename', { textDocument: { uri }, position }]
    ] as const;
    await Promise.all(
        requests.map(([method, params]) =>
            server.connection.sendRequest(method, params).catch((error: { code?: number }) => {
                // Cancelled because the text changed meanwhile is an answer; anything else is not.
                expect(error.code, `${method} failed: ${JSON.stringify(error)}`).toBe(-32800);
            })
        )
    );
}

test.each(examples)('%s typed one character at a time', async (file, text) => {
    const uri = `file:///typed/${file}`;
    const random = prng(text.length);
    await server.open(uri, '');
    const document = TextDocument.create(uri, 'nettopo', 1, '');
    for (let index = 0; index < text.length; index++) {
        const end = document.positionAt(index);
        const waiting = index % WAIT_EVERY === 0 || index === text.length - 1;
        const published = waiting ? server.next(uri) : undefined;
        await server.edit(uri, { start: end, end }, text[index]);
        TextDocument.update(document, [{ range: { start: end, end }, text: text[index] }], index + 2);
        if (published) {
            await published;
            if (index % (WAIT_EVERY * 4) === 0) await poke(uri, document.getText(), random);
        }
    }
    await expectSettled(uri, text);
    expect(server.process.exitCode).toBeNull();
});

test('random edits: characters inserted and deleted anywhere', async () => {
    const random = prng(0x7e57);
    const uri = 'file:///random/edits.net';
    let text = examples
        .map(([, content]) => content)
        .join('\n')
        .slice(0, 4000);
    await server.open(uri, text);
    const alphabet = 'abcxyz019 ./{}#\n->,=';
    for (let round = 0; round < 60; round++) {
        const published = server.next(uri);
        for (let edit = 0; edit < 5; edit++) {
            const document = TextDocument.create(uri, 'nettopo', 1, text);
            const start = Math.floor(random() * text.length);
            const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 12)));
            const insert = random() < 0.3 ? '' : alphabet[Math.floor(random() * alphabet.length)].repeat(1 + Math.floor(random() * 3));
            await server.edit(uri, { start: document.positionAt(start), end: document.positionAt(end) }, insert);
            text = text.slice(0, start) + insert + text.slice(end);
        }
        expect(Array.isArray(await published)).toBe(true);
        if (round % 10 === 9) {
            await poke(uri, text, random);
            await expectSettled(uri, text);
        }
    }
    expect(server.process.exitCode).toBeNull();
});
