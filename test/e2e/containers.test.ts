import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { root, vsixPath } from '../support/code-server.js';
import { closeSession, openSession, screenshotIfFailed, screenshots, type Session } from './session.js';
import type { Workbench } from './workbench.js';

/**
 * Containers as a user meets them in a real VS Code: the packaged .vsix in code-server 4.100.3 on
 * 14-docker-forward-drop.net (a Docker bridge with MASQUERADE and a FORWARD chain that drops by
 * default, so a container's ping shows both a translation and a filter verdict written on a line).
 * Screenshots go to out/e2e/screenshots/.
 */

const example = '14-docker-forward-drop.net';
const file = join(root, 'examples', example);
const timeout = 30_000;

let session: Session | undefined;
let page: Page;
let workbench: Workbench;

/** What the engine's printers give, through the CLI (the same engine the server runs). */
const cli = (...args: string[]) => execFileSync('node', [join(root, 'out/nettopo.js'), ...args], { encoding: 'utf8' });

/** The 1-based number of the example's first line containing `text`. */
const lineNumber = (text: string) =>
    readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(text)) + 1;

/** Lines compared as the DOM shows them: runs of spaces are one space, none at the ends, no `#` headings of the CLI. */
const squeeze = (text: string) =>
    text
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line && !line.startsWith('# '));

/** The simulator page: VS Code puts a webview in an iframe holding the page's own iframe. */
const simulator = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The editor's cursor line, as the status bar shows it (`Ln 27, Col 3`). */
const cursorLine = () => page.locator('#status\\.editor\\.selection');

beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openSession(vsixPath(), { width: 1600, height: 950 }, timeout);
    ({ page, workbench } = session);
    await workbench.openFile(example, 'host dockerhost {');
    await workbench.codeLenses('Open simulator');
}, 180_000);

afterEach(({ task }) => screenshotIfFailed(page, task));

afterAll(() => closeSession(session));

describe(`containers in code-server, on ${example}`, () => {
    test('hovering the Docker host shows its ip route table and its iptables rules, filter and nat, as the engine prints them', async () => {
        await workbench.revealLine(lineNumber('host dockerhost {'));
        const hover = await workbench.hoverWord('host dockerhost {', 'dockerhost');
        await hover.getByText('iptables -t nat -S').waitFor();
        const shown = squeeze(await hover.innerText());
        const expected = [
            ...squeeze(cli('routes', file, 'dockerhost', '--format', 'ip')),
            ...squeeze(cli('rules', file, 'dockerhost', '--table', 'filter')),
            ...squeeze(cli('rules', file, 'dockerhost', '--table', 'nat'))
        ];
        expect(expected).toContain('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
        expect(expected).toContain('-P FORWARD DROP');
        for (const line of expected) expect(shown).toContain(line);
        await workbench.screenshot(join(screenshots, 'containers-hover.png'));
        await page.keyboard.press('Escape');
    });

    test("web's ping in the simulator, stepped: MASQUERADE and the FORWARD verdict, each a link to its line", async () => {
        await workbench.runCommand('nettopo: Open Simulator');
        const view = simulator();
        await view.locator('#drawing .vertex').first().waitFor();
        // The simulator's own list of the file's pings plays one.
        await view.locator('.overview button.ping-line', { hasText: 'ping web -> server' }).click();
        await view.locator('#steps[data-state="finished"]').waitFor();
        expect(await view.locator('#steps h3').textContent()).toBe('ping web → server (203.0.113.80)');
        expect(await view.locator('#steps .end .verdict').textContent()).toContain('reply');

        // dockerhost forwards the request: its source is rewritten, and the FORWARD rule accepting it is named.
        const step = view.locator('#steps li.step', { has: view.locator('button.netfilter.translation', { hasText: 'MASQUERADE' }) }).first();
        const masquerade = step.locator('button.netfilter.translation', { hasText: 'MASQUERADE' });
        expect(await masquerade.locator('.netfilter-text').textContent()).toContain('172.17.0.2 → 192.168.10.10');
        expect(await masquerade.locator('.netfilter-rule').textContent()).toBe('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
        const accepted = view.locator('#steps button.netfilter.verdict', { hasText: '-i docker0 ! -o docker0' }).first();
        const rules = squeeze(cli('rules', file, 'dockerhost', '--table', 'filter'));
        expect(rules).toContain(await accepted.locator('.netfilter-rule').textContent());
        await workbench.screenshot(join(screenshots, 'containers-simulator-steps.png'));

        // Stepping the list: clicking a step moves the picture's packet there.
        await step.locator('.title').click();
        await view.locator(`#steps li.step.current[data-index="${await step.getAttribute('data-index')}"]`).waitFor();

        // Each entry shows its line in the editor.
        for (const [entry, text] of [
            [masquerade, 'nat masquerade from 172.17.0.0/16 out !docker0'],
            [accepted, 'filter forward accept in docker0 out !docker0']
        ] as const) {
            await entry.click();
            await expect.poll(async () => cursorLine().textContent(), { timeout }).toMatch(new RegExp(`^Ln ${lineNumber(text)},`));
        }
        await workbench.screenshot(join(screenshots, 'containers-rule-revealed.png'));
    });
});
