import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * On a big file a burst of keystrokes is rebuilt once, after the burst: the server waits a little
 * (longer for bigger files) before it starts a parse it could not interrupt. Small files are
 * rebuilt at every keystroke. The server says when a version is validated (`nettopo/validated`):
 * the test waits for that, never for time.
 */
let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
});

/** A lab with `padding` comment lines in front: big to the update handler, quick to check. */
function lab(padding: number): string {
    return `${'# notes\n'.repeat(padding)}host A {\n  eth0 10.0.0.1/24\n  route default via 10.0.0.9\n}\n`;
}

/**
 * Types `keystrokes` spaces into the document (opened as version 1), either all at once (a burst
 * faster than any build) or each once the previous one is validated, and gives the number of
 * diagnostics rounds published after the opening one, once the last version is validated.
 */
async function type(uri: string, text: string, keystrokes: number, each: 'burst' | 'after-validation'): Promise<number> {
    await server.open(uri, text);
    await server.validation(uri, 1);
    const before = server.published.get(uri)!.length;
    const line = text.split('\n').length - 2;
    for (let key = 1; key <= keystrokes; key++) {
        await server.edit(uri, { start: { line, character: 1 }, end: { line, character: 1 } }, ' ');
        if (each === 'after-validation') await server.validation(uri, 1 + key);
    }
    // Diagnostics are published before the validation is announced, on the same connection.
    await server.validation(uri, 1 + keystrokes);
    const rounds = server.published.get(uri)!;
    expect(rounds.at(-1)!.map((diagnostic) => diagnostic.code)).toEqual(['gateway-not-owned']);
    return rounds.length - before;
}

test('a burst on a 20,000-line file is rebuilt once', async () => {
    expect(await type('file:///burst/big.net', lab(20_000), 6, 'burst')).toBe(1);
});

test('a small file is rebuilt at each keystroke that finds the previous build done', async () => {
    expect(await type('file:///burst/small.net', lab(0), 6, 'after-validation')).toBe(6);
});
