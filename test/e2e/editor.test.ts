import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, root, startCodeServer, vsixPath, type RunningCodeServer } from '../support/code-server.js';
import { screenshotIfFailed } from './session.js';
import { Workbench } from './workbench.js';

/**
 * The product as a user meets it: the packaged .vsix installed into code-server 4.100.3, the
 * examples open in Chromium, and a user looking at problems, hovering, running a ping and applying
 * a quick fix. Screenshots go to out/e2e/screenshots/.
 */

const screenshots = join(root, 'out/e2e/screenshots');
const example = '03-one-way-route.net';
const timeout = 30_000;

let server: RunningCodeServer;
let browser: Browser;
let page: Page;
let workbench: Workbench;

/** What the engine's printers give for a node, through the CLI (the same engine the server runs). */
const routes = (node: string, format: 'ip' | 'route') =>
    execFileSync('node', [join(root, 'out/nettopo.js'), 'routes', join(root, 'examples', example), node, '--format', format], { encoding: 'utf8' });

/** The 1-based number of the example's first line containing `text`. */
const lineNumber = (text: string) =>
    readFileSync(join(root, 'examples', example), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(text)) + 1;

/** A diagnostic's row in the Problems view (level 1 are files, level 3 related information). */
const diagnosticRow = '.monaco-list-row[aria-level="2"]';

/** Lines compared as the DOM shows them: runs of spaces are one space, none at the ends. */
const squeeze = (text: string) =>
    text
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter(Boolean);

beforeAll(async () => {
    rmSync(screenshots, { recursive: true, force: true });
    mkdirSync(screenshots, { recursive: true });
    server = await startCodeServer({ runDir: join(root, 'out/e2e'), vsix: vsixPath() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
    workbench = new Workbench(page);
    await workbench.open(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await workbench.openFile(example, 'host carol {');
    await workbench.codeLenses('Route table');
}, 180_000);

// A failing test leaves a picture of the window as it was.
afterEach(({ task }) => screenshotIfFailed(page, task));

afterAll(async () => {
    await browser?.close();
    await server?.stop();
});

describe(`the packaged extension in code-server, on ${example}`, () => {
    test('the Problems view shows the missing return route and the failing ping', async () => {
        const problems = await workbench.problems();
        const missing = problems.locator(diagnosticRow, { hasText: 'missing return route' }).first();
        await missing.waitFor();
        expect(await missing.textContent()).toContain('route 192.168.10.0/24 via 192.168.20.1');
        await problems.locator(diagnosticRow, { hasText: 'ping alice -> carol (192.168.20.30) gets no reply' }).first().waitFor();
        await workbench.screenshot(join(screenshots, 'problems.png'));
    });

    test('hovering a host shows its route table as ip route and route -n print it', async () => {
        await workbench.closePanel();
        await workbench.revealLine(lineNumber('host alice {'));
        const hover = await workbench.hoverWord('host alice {', 'alice');
        await hover.getByText('Kernel IP routing table').waitFor();
        const shown = squeeze(await hover.innerText());
        for (const line of [...squeeze(routes('alice', 'ip')), ...squeeze(routes('alice', 'route'))]) expect(shown).toContain(line);
        await workbench.screenshot(join(screenshots, 'hover.png'));
        await page.keyboard.press('Escape');
    });

    test("▶ Run ping prints the transcript of ping -c 1 and the trace in alice's terminal", async () => {
        await workbench.killTerminals();
        await workbench.closePanel();
        await workbench.revealLine(lineNumber('ping alice -> carol'));
        const text = await workbench.runPingLens();
        expect(text).toContain('alice$ ping -c 1 192.168.20.30');
        expect(text).toContain('PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.');
        expect(text).toContain('--- 192.168.20.30 ping statistics ---');
        expect(text).toContain('1 packets transmitted, 0 received, 100% packet loss');
        expect(text).toContain('--- hop by hop (nettopo) ---');
        expect(text).toMatch(/carol .*echo reply/);
        await workbench.screenshot(join(screenshots, 'run-ping.png'));
        await workbench.maximizePanel(false);
    });

    test("nettopo: Run Ping… asks for the source and the target, and prints the ping in the source's terminal", async () => {
        await workbench.runCommand('nettopo: Run Ping…');
        await workbench.pick('from which node?', 'alice');
        await workbench.pick('on alice', 'carol');
        await workbench.maximizePanel(true);
        const text = await workbench.terminalShowing('packet loss');
        await workbench.screenshot(join(screenshots, 'run-ping-command.png'));
        await workbench.maximizePanel(false);
        expect(text).toContain('alice$ ping -c 1 192.168.20.30');
        expect(text).toContain('PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.');
        expect(text).toContain('--- 192.168.20.30 ping statistics ---');
        expect(text).toContain('1 packets transmitted, 0 received, 100% packet loss, time 0ms');
        expect(text).toContain('--- hop by hop (nettopo) ---');
        expect(text).toMatch(/carol +echo reply/);
        expect(text).toContain('✗ no reply');
    });

    test("Ping from here… above a node asks for the target and prints the ping in that node's terminal", async () => {
        await workbench.killTerminals();
        await workbench.closePanel();
        await workbench.revealLine(lineNumber('host alice {'));
        const lens = await workbench.lensAbove('host alice {', 'Ping from here…');
        await workbench.click(lens);
        // As with ▶ Run ping: a click while VS Code renews the lenses' commands does nothing.
        const input = page.locator('.quick-input-widget input');
        if (
            !(await input.waitFor({ timeout: 10_000 }).then(
                () => true,
                () => false
            ))
        )
            await workbench.click(lens);
        await workbench.pick('on alice', '192.168.20.1');
        await workbench.maximizePanel(true);
        const text = await workbench.terminalShowing('packet loss');
        await workbench.maximizePanel(false);
        expect(text).toContain('alice$ ping -c 1 192.168.20.1');
        expect(text).toContain('1 packets transmitted, 1 received, 0% packet loss');
        expect(text).toContain('✓ reply, ttl=64');
    });

    test("nettopo: Show Route Table prints ip route and route -n in the node's terminal", async () => {
        await workbench.runCommand('nettopo: Show Route Table');
        await workbench.pick('Route table of which node?', 'carol');
        const text = await workbench.terminalShowing('Kernel IP routing table');
        expect(text).toContain('carol$ ip route');
        expect(text).toContain('carol$ route -n');
        const shown = squeeze(text);
        for (const line of [...squeeze(routes('carol', 'ip')), ...squeeze(routes('carol', 'route'))]) expect(shown).toContain(line);
        await workbench.screenshot(join(screenshots, 'route-table.png'));
    });

    test("at a node terminal's prompt, ping and ip route can be typed", async () => {
        // carol's terminal, from the test before.
        await workbench.click(page.locator('.terminal-wrapper.active .xterm-screen'));
        await page.keyboard.type('ping alice');
        await page.keyboard.press('Enter');
        let text = await workbench.terminalShowing('Network is unreachable');
        expect(text).toContain('carol$ ping alice\nping: connect: Network is unreachable');
        await page.keyboard.type('ip r');
        await page.keyboard.press('Enter');
        text = await workbench.terminalShowing('carol$ ip r\n192.168.20.0/24 dev eth0 proto kernel scope link src 192.168.20.30');
        expect(text.trimEnd().endsWith('carol$')).toBe(true);
        await workbench.screenshot(join(screenshots, 'terminal-typed.png'));
    });

    test('the quick fix adds the return route to carol, and the problems go away', async () => {
        await workbench.closePanel();
        await workbench.revealLine(lineNumber('route 192.168.20.0/24 via 192.168.10.1'));
        await workbench.clickWord('route 192.168.20.0/24 via 192.168.10.1', 'via');
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: /carol|192\.168\.10\.0\/24 via 192\.168\.20\.1/ }).first();
        await fix.waitFor();
        await workbench.screenshot(join(screenshots, 'quick-fix.png'));
        await workbench.click(fix);
        await workbench.line('route 192.168.10.0/24 via 192.168.20.1').waitFor();
        // The file's group leaves the Problems view once it has no problem left.
        const problems = await workbench.problems();
        await problems.locator('.monaco-list-row[aria-level="1"]', { hasText: example }).waitFor({ state: 'detached' });
        await page.keyboard.press('Control+S');
        await expect
            .poll(() => readFileSync(join(server.workspace, example), 'utf8'), { timeout })
            .toMatch(/host carol \{\n {2}eth0 192\.168\.20\.30\/24 -- lab\n(.*\n)* {2}route 192\.168\.10\.0\/24 via 192\.168\.20\.1\n\}/);
        await workbench.screenshot(join(screenshots, 'fixed.png'));
    });
});
