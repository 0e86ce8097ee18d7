import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, root, startCodeServer, webVsixPath, type RunningCodeServer } from '../support/code-server.js';
import { Workbench } from './workbench.js';

/**
 * The web extension as vscode.dev or github.dev would run it: the package without `main` (and without
 * the Node bundles), installed into code-server 4.100.3, so that VS Code can only run its `browser`
 * entry, in the workbench's web worker extension host, with the language server in a web worker
 * of its own. A user looks at the problems, hovers, runs a ping and plays one in the simulator.
 * Screenshots go to out/e2e/screenshots/browser-*.png.
 */

const screenshots = join(root, 'out/e2e/screenshots');
const timeout = 30_000;

let server: RunningCodeServer;
let browser: Browser;
let page: Page;
let workbench: Workbench;
/** The page's console, where the web worker extension host and the server's worker log (kept in out/e2e/ for a failed run). */
const consoleLines: string[] = [];

const diagnosticRow = '.monaco-list-row[aria-level="2"]';
const simulator = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    execFileSync('node', ['scripts/package.mjs', '--web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    server = await startCodeServer({ runDir: join(root, 'out/e2e'), vsix: webVsixPath() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 950 } });
    page.setDefaultTimeout(timeout);
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('worker', (worker) => consoleLines.push(`worker: ${worker.url()}`));
    workbench = new Workbench(page);
    await workbench.open(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await workbench.openFile('03-one-way-route.net', 'host carol {');
    await workbench.codeLenses('Route table').catch(async (error: Error) => {
        await page.screenshot({ path: join(screenshots, 'failed-browser-start.png') });
        throw error;
    });
}, 180_000);

afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
        await page?.screenshot({ path: join(screenshots, `failed-browser-${task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`) });
});

afterAll(async () => {
    writeFileSync(join(root, 'out/e2e/browser-host-console.log'), consoleLines.join('\n'));
    await browser?.close();
    await server?.stop();
});

describe('the web extension in the browser extension host (code-server, no `main`)', () => {
    test('VS Code runs nettopo in its web worker extension host', async () => {
        await workbench.runCommand('Developer: Show Running Extensions');
        const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'nettopo' }).first();
        await row.waitFor();
        await workbench.screenshot(join(screenshots, 'browser-running-extensions.png'));
        // Each row names the host its extension runs in: the remote server's address, or "web worker".
        expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/nettopo 0\.1\.0 web worker Activation: \d+ms/);
        await page.keyboard.press('Control+W');
    });

    test('Import a lab… says that it needs a host with files, and opens nothing', async () => {
        const editors = await page.locator('.tabs-container .tab').count();
        await workbench.runCommand('nettopo: Import a lab…');
        const toast = page.locator('.notification-toast', { hasText: 'Import a lab… reads files, which the web extension cannot' });
        await toast.waitFor();
        expect(await toast.innerText()).toContain('use it in desktop VS Code or a remote window');
        expect(await page.locator('.tabs-container .tab').count()).toBe(editors);
    });

    test('the Problems view lists what `nettopo check` finds in the file, at the same lines', async () => {
        const found = spawnSync('node', [join(root, 'out/nettopo.js'), 'check', '--json', join(root, 'examples/03-one-way-route.net')], { encoding: 'utf8' })
            .stdout.trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { line: number; column: number; code: string; message: string });
        expect(found.map((finding) => finding.code).sort()).toEqual(['missing-return-route', 'missing-return-route', 'ping-expectation']);
        const problems = await workbench.problems();
        for (const { line, column, code, message } of found) {
            // A row holds the whole message (drawn cut at the view's width), the source and code, and [Ln, Col].
            const row = problems
                .locator(diagnosticRow, { hasText: `[Ln ${line}, Col ${column}]` })
                .filter({ hasText: message.slice(0, 40) })
                .first();
            await row.waitFor();
            const text = (await row.textContent())!;
            expect(text).toContain(message);
            expect(text).toContain(`nettopo${code}`);
        }
        await workbench.screenshot(join(screenshots, 'browser-problems.png'));
    });

    test('hovering alice shows her route table as ip route and route -n print it', async () => {
        await workbench.closePanel();
        const hover = await workbench.hoverWord('host alice {', 'alice');
        await hover.getByText('Kernel IP routing table').waitFor();
        const shown = (await hover.innerText()).replace(/\s+/g, ' ');
        expect(shown).toContain('192.168.20.0/24 via 192.168.10.1 dev eth0');
        expect(shown).toContain('192.168.20.0 192.168.10.1 255.255.255.0 UG 0 0 0 eth0');
        await workbench.screenshot(join(screenshots, 'browser-hover.png'));
        await page.keyboard.press('Escape');
    });

    test("▶ Run ping prints, in alice's pseudoterminal, the ping and the hops the CLI finds", async () => {
        const text = await workbench.runPingLens();
        // The CLI, on the same engine, exits 1 for a ping without a reply.
        const cli = JSON.parse(
            spawnSync('node', [join(root, 'out/nettopo.js'), 'ping', join(root, 'examples/03-one-way-route.net'), 'alice', 'carol', '--json'], {
                encoding: 'utf8'
            }).stdout
        ) as { target: string; path: string[]; why: string };
        expect(text).toContain(`alice$ ping -c 1 ${cli.target}`);
        expect(text).toContain(`--- ${cli.target} ping statistics ---`);
        expect(text).toContain('1 packets transmitted, 0 received, 100% packet loss');
        const hops = text.slice(text.indexOf('--- hop by hop (nettopo) ---'));
        for (const node of cli.path) expect(hops).toMatch(new RegExp(`^ *\\d+\\. +${node} `, 'm'));
        expect(text.replace(/\s+/g, ' ')).toContain(cli.why);
        await workbench.screenshot(join(screenshots, 'browser-run-ping.png'));
        await workbench.maximizePanel(false);
    });

    test('the quick fix adds the return route to carol, and the problems go away', async () => {
        await workbench.closePanel();
        await workbench.clickWord('route 192.168.20.0/24 via 192.168.10.1', 'via');
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: /192\.168\.10\.0\/24 via 192\.168\.20\.1/ }).first();
        await workbench.click(fix);
        await workbench.line('route 192.168.10.0/24 via 192.168.20.1').waitFor();
        const problems = await workbench.problems();
        await problems.locator('.monaco-list-row[aria-level="1"]', { hasText: '03-one-way-route.net' }).waitFor({ state: 'detached' });
        await workbench.screenshot(join(screenshots, 'browser-fixed.png'));
    });

    test('the simulator on 06-linux-router.net pings alice -> carol and stops where mid does not forward', async () => {
        await workbench.closePanel();
        await workbench.openFile('06-linux-router.net', 'host mid {');
        await workbench.click(page.locator('.codelens-decoration a', { hasText: 'Open simulator' }).first());
        const view = simulator();
        await view.locator('#drawing .vertex').first().waitFor();
        const names = await view.locator('#drawing .vertex').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-name')).sort());
        expect(names).toEqual(['alice', 'carol', 'lab', 'mid', 'office']);
        await view.locator('#speed').selectOption('4');
        await view.locator('#ping-source').selectOption('alice');
        await view.locator('#ping-target').fill('carol');
        await view.locator('#run-ping').click();
        await view.locator('#steps[data-state="finished"]').waitFor();
        expect(await view.locator('#steps h3').textContent()).toBe('ping alice → carol (192.168.20.30)');
        expect(await view.locator('#steps .stop').first().textContent()).toContain('mid does not forward');
        expect(await view.locator('#steps .transcript').textContent()).toContain('1 packets transmitted, 0 received, 100% packet loss');
        expect(await view.locator('#drawing .stop-mark').count()).toBe(1);
        await workbench.screenshot(join(screenshots, 'browser-simulator-ping.png'));
    });
});
