import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileContains } from '../support/file-events.js';
import { vsixPath, type RunningCodeServer } from '../support/code-server.js';
import { closeSession, openSession, screenshots, type Session } from './session.js';
import type { Workbench } from './workbench.js';

/**
 * The simulator as a user meets it in a real VS Code: the packaged .vsix in code-server 4.100.3,
 * Chromium driving it. Open the simulator from the code lens, run a failing ping from the editor and
 * watch it in the picture, toggle forwarding on the node that drops it and see the file change and
 * the ping succeed, then edit the file and see the drawing follow. Screenshots go to out/e2e/screenshots/.
 */

const example = '06-linux-router.net';
const timeout = 30_000;

let session: Session | undefined;
let server: RunningCodeServer;
let page: Page;
let workbench: Workbench;

/** The simulator page: VS Code puts a webview in an iframe holding the page's own iframe. */
const simulator = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openSession(vsixPath(), { width: 1600, height: 950 }, timeout);
    ({ server, page, workbench } = session);
    await workbench.openFile(example, 'host mid {');
}, 180_000);

afterAll(() => closeSession(session));

describe(`the simulator in code-server, on ${example}`, () => {
    test('the Open simulator lens opens the picture beside the editor: three nodes, two switches, four links', async () => {
        await page.locator('.codelens-decoration a', { hasText: 'Open simulator' }).first().click();
        const view = simulator();
        await view.locator('#drawing .vertex').first().waitFor();
        const names = await view.locator('#drawing .vertex').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-name')).sort());
        expect(names).toEqual(['alice', 'carol', 'lab', 'mid', 'office']);
        expect(await view.locator('#drawing .link').count()).toBe(4);
        await workbench.screenshot(join(screenshots, 'simulator-open.png'));
    });

    test("▶ Run ping in the editor plays the ping in the simulator; the step list ends with ping's lines", async () => {
        await page.locator('.codelens-decoration a', { hasText: '▶ Run ping' }).first().click();
        const view = simulator();
        await view.locator('#steps[data-state="finished"]').waitFor({ timeout: 30_000 });
        expect(await view.locator('#steps h3').textContent()).toBe('ping alice → carol (192.168.20.30)');
        expect(await view.locator('#steps .stop').first().textContent()).toContain('mid does not forward');
        const transcript = await view.locator('#steps .transcript').textContent();
        expect(transcript).toContain('$ ping -c 1 192.168.20.30');
        expect(transcript).toContain('1 packets transmitted, 0 received, 100% packet loss');
        expect(await view.locator('#drawing .stop-mark').count()).toBe(1);
        await workbench.screenshot(join(screenshots, 'simulator-ping.png'));
    });

    test('turning forwarding on in mid from the picture edits the file, and the ping on screen gets its reply', async () => {
        const view = simulator();
        await view.locator('#drawing .vertex[data-id="node:mid"]').click();
        await view.locator('.node-details .toggle-forwarding').click();
        await workbench.line('sysctl net.ipv4.ip_forward = 1').waitFor();
        await view.locator('#steps .verdict', { hasText: '✓ reply' }).waitFor();
        expect(await view.locator('#steps .transcript').textContent()).toContain('64 bytes from 192.168.20.30: icmp_seq=1 ttl=63');
        expect(await view.locator('.node-details .forwarding').textContent()).toBe('on');
        await workbench.screenshot(join(screenshots, 'simulator-forwarding-on.png'));
        // The change is an edit like any other: undo takes it back.
        await workbench.clickWord('host mid {', 'mid');
        await page.keyboard.press('Control+Z');
        await view.locator('.node-details .forwarding', { hasText: 'off' }).waitFor();
    });

    test('editing the file redraws the picture: a new host appears on its switch', async () => {
        await workbench.clickWord('host carol {', 'carol');
        await page.keyboard.press('Control+End');
        // Inserted as one piece of text: typed key by key, the editor would close the brace and offer completions.
        await page.keyboard.insertText('\nhost dave {\n  eth0 192.168.20.40/24 -- lab\n}\n');
        const view = simulator();
        await view.locator('#drawing .vertex[data-id="node:dave"]').waitFor();
        expect(await view.locator('#drawing .link').count()).toBe(5);
        await workbench.screenshot(join(screenshots, 'simulator-after-edit.png'));
    });

    test('after a reload of the window the simulator reopens on the same file, where the user left it', async () => {
        await workbench.clickWord('host dave {', 'dave');
        await page.keyboard.press('Control+S');
        const saved = join(server.workspace, example);
        await fileContains(saved, 'host dave {');
        const dave = await simulator().locator('#drawing .vertex[data-id="node:dave"]').getAttribute('transform');
        await page.reload();
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        const view = simulator();
        await page.locator('.tab', { hasText: 'Simulator: 06-linux-router.net' }).waitFor({ timeout: 60_000 });
        await view
            .locator('#drawing .vertex[data-id="node:dave"]')
            .waitFor({ timeout: 60_000 })
            .catch(async (error: Error) => {
                throw new Error(
                    `${error.message}\nthe simulator says: ${await view
                        .locator('#status')
                        .textContent()
                        .catch(() => '(no page)')}`
                );
            });
        expect(await view.locator('#drawing .vertex[data-id="node:dave"]').getAttribute('transform')).toBe(dave);
        await workbench.screenshot(join(screenshots, 'simulator-after-reload.png'));
    });

    test('03-one-way-route: the quick fix the server offers for carol, applied from the panel, and the matrix shows the ping replying', async () => {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+W');
        await page.locator('iframe.webview').waitFor({ state: 'detached' });
        await workbench.openFile('03-one-way-route.net', 'host carol {');
        await page.locator('.codelens-decoration a', { hasText: 'Open simulator' }).first().click();
        const view = simulator();
        await view.locator('#drawing .vertex[data-id="node:carol"]').click();
        await view.locator('.node-details .list-fixes').click();
        const fix = view.locator('.node-details button.fix', { hasText: 'route 192.168.10.0/24 via 192.168.20.1' });
        await fix.waitFor();
        await fix.click();
        await workbench.line('route 192.168.10.0/24 via 192.168.20.1').waitFor();
        await view.locator('.node-details .routes .route-row', { hasText: '192.168.10.0/24 via 192.168.20.1 dev eth0' }).waitFor();
        await view.locator('#toggle-matrix').click();
        await view.locator('#matrix td').first().waitFor();
        const alice = await view
            .locator('#matrix tbody tr')
            .first()
            .locator('td')
            .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-outcome')));
        // alice.eth0, gw.eth0, gw.eth1, carol.eth0: all reply now.
        expect(alice).toEqual(['reply', 'reply', 'reply', 'reply']);
        await workbench.screenshot(join(screenshots, 'simulator-quick-fix-matrix.png'));
    });
});
