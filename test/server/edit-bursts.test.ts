import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * On a big file a burst of keystrokes is rebuilt once, after the burst: the server waits a little
 * (longer for bigger files) before it starts a parse it could not interrupt. Small files are
 * rebuilt at every keystroke.
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

async function burst(uri: string, text: string, keystrokes: number): Promise<number> {
    await server.open(uri, text);
    const before = server.published.get(uri)!.length;
    const line = text.split('\n').length - 2;
    for (let key = 0; key < keystrokes; key++) {
        await server.edit(uri, { start: { line, character: 1 }, end: { line, character: 1 } }, ' ');
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Every build the burst started publishes: wait until nothing more comes for a while.
    let count = -1;
    while (count !== server.published.get(uri)!.length) {
        count = server.published.get(uri)!.length;
        await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const rounds = server.published.get(uri)!;
    expect(rounds.at(-1)!.map((diagnostic) => diagnostic.code)).toEqual(['gateway-not-owned']);
    return rounds.length - before;
}

test('a burst on a 20,000-line file is rebuilt once', async () => {
    expect(await burst('file:///burst/big.net', lab(20_000), 6)).toBe(1);
});

test('a small file is rebuilt at each keystroke that finds the previous build done', async () => {
    expect(await burst('file:///burst/small.net', lab(0), 6)).toBeGreaterThan(1);
});
