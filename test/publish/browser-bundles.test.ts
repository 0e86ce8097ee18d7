import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

/**
 * The web extension's bundles are built for the browser (scripts/browser-bundles.mjs): a Node module
 * fails the build, naming who imports it, and so does an import left for run time; the real entries build.
 */

const root = join(import.meta.dirname, '../..');
// A script of the build, not a typed module: imported by a path the type checker does not follow.
const script = join(root, 'scripts/browser-bundles.mjs');
const { buildForBrowser } = (await import(script)) as { buildForBrowser: (options: object) => Promise<{ metafile: { inputs: Record<string, unknown> } }> };
const dir = mkdtempSync(join(tmpdir(), 'nettopo-browser-bundle-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
};

test('a Node module anywhere in a browser bundle fails the build, with who imports it', async () => {
    entry('helper.ts', "import { readFileSync } from 'node:fs';\nexport const read = (path: string) => readFileSync(path, 'utf8');\n");
    const main = entry('main.ts', "import { read } from './helper.js';\nconsole.log(read);\n");
    await expect(buildForBrowser({ entryPoints: [main], write: false, logLevel: 'silent', format: 'cjs' })).rejects.toThrow(
        /helper\.ts imports Node's node:fs, which the browser extension host does not have/
    );
    const bare = entry('bare.ts', "import * as path from 'path';\nconsole.log(path.join('a', 'b'));\n");
    await expect(buildForBrowser({ entryPoints: [bare], write: false, logLevel: 'silent', format: 'cjs' })).rejects.toThrow(/imports Node's path/);
});

test('an import left outside the bundle (but vscode) fails the build', async () => {
    const main = entry('external.ts', "import { x } from 'left-outside';\nconsole.log(x);\n");
    await expect(
        buildForBrowser({ entryPoints: [main], write: false, logLevel: 'silent', format: 'cjs', external: ['vscode', 'left-outside'] })
    ).rejects.toThrow(/would load left-outside at run time/);
});

test('the browser extension and its server worker build, from the client and the language, and nothing of Node', async () => {
    for (const [entryPoint, format] of [
        ['client/src/extension-browser.ts', 'cjs'],
        ['server/src/main-browser.ts', 'iife']
    ]) {
        const { metafile } = await buildForBrowser({
            entryPoints: [join(root, entryPoint)],
            write: false,
            outdir: dir,
            logLevel: 'silent',
            format,
            external: ['vscode']
        });
        const inputs = Object.keys(metafile.inputs);
        expect(inputs.some((input) => input.includes('language/src/') || input.includes('client/src/'))).toBe(true);
        expect(inputs.filter((input) => /vscode-languageserver\/lib\/node|vscode-languageclient\/lib\/node|langium\/lib\/node/.test(input))).toEqual([]);
    }
});
