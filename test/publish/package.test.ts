import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

/**
 * The packages a person would publish: the .vsix for the VS Code Marketplace and Open VSX (checked
 * by scripts/package.mjs as `ovsx publish` checks one), and the browser-only variant the browser-host
 * tests install. Built here from the bundles `npm run build` made.
 */

const root = join(import.meta.dirname, '../..');
const { readVSIXPackage } = createRequire(import.meta.url)('ovsx/lib/zip') as { readVSIXPackage: (path: string) => Promise<Record<string, unknown>> };
const packageScript = (...args: string[]) =>
    execFileSync('node', ['scripts/package.mjs', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const lastLine = (output: string) => output.trim().split('\n').pop()!;

let vsix: string;
let webVsix: string;

beforeAll(() => {
    vsix = lastLine(packageScript());
    webVsix = lastLine(packageScript('--web'));
});

test('vsce ls lists only what the extension runs and contributes', () => {
    expect(packageScript('--list').trim().split('\n').sort()).toEqual([
        'CHANGELOG.md',
        'LICENSE',
        'images/file-icon.svg',
        'images/icon.png',
        'language-configuration.json',
        'out/browser/extension.js',
        'out/browser/server.js',
        'out/extension.cjs',
        'out/package.json',
        'out/server.js',
        'out/webview/simulator-style.css',
        'out/webview/simulator.js',
        'package.json',
        'snippets/nettopo.code-snippets',
        'syntaxes/net.tmLanguage.json'
    ]);
});

test('the .vsix stays under 1 MB and has both entries, in a manifest the browser host accepts (not an ES module)', async () => {
    expect(statSync(vsix).size).toBeLessThan(1024 * 1024);
    const manifest = await readVSIXPackage(vsix);
    expect(manifest).toMatchObject({
        publisher: 'nettopo',
        name: 'nettopo',
        license: 'MIT',
        main: './out/extension.cjs',
        browser: './out/browser/extension.js'
    });
    expect(manifest.type).toBeUndefined();
});

test('the browser-only variant has no main', async () => {
    const manifest = await readVSIXPackage(webVsix);
    expect(manifest.browser).toBe('./out/browser/extension.js');
    expect(manifest.main).toBeUndefined();
});
