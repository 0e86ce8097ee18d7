import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { documentModel } from '../../language/src/net-document.js';
import { launchChromium, openSimulator, screenshotPath, type SimulatorPage } from './simulator-page.js';

/** The built webview page in headless Chromium, fed by the real builders from examples/. */

const examples = join(import.meta.dirname, '../../examples');
let browser: Browser;
const pages: SimulatorPage[] = [];

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
});

async function example(name: string): Promise<LoadedFile> {
    return loadNetText(readFileSync(join(examples, name), 'utf8'), name);
}

async function open(name: string): Promise<SimulatorPage> {
    const simulator = await openSimulator(browser, await example(name));
    pages.push(simulator);
    return simulator;
}

describe('the drawing', () => {
    test('04-both-ways: three nodes and two switches in their shapes, four links labelled with interfaces and addresses', async () => {
        const { page } = await open('04-both-ways.net');
        const vertices = await page.$$eval('#drawing .vertex', (elements) => elements.map((element) => [element.getAttribute('data-name'), element.getAttribute('class')]));
        expect(vertices.map(([name, kind]) => `${name} ${kind!.split(' ')[1]}`).sort()).toEqual(['alice host', 'carol host', 'gw router', 'lab switch', 'office switch']);
        expect(await page.$$eval('#drawing .link', (elements) => elements.length)).toBe(4);
        const labels = await page.$$eval('#drawing .link-label', (elements) =>
            elements.map((element) => [...element.querySelectorAll('tspan')].map((span) => span.textContent).join(' ')));
        expect(labels.sort()).toEqual(['eth0 192.168.10.1/24', 'eth0 192.168.10.21/24', 'eth0 192.168.20.30/24', 'eth1 192.168.20.1/24']);
        expect(await page.$$eval('#drawing .vertex.switch .detail', (elements) => elements.map((element) => element.textContent).sort())).toEqual(['192.168.10.0/24', '192.168.20.0/24']);
        await page.screenshot({ path: screenshotPath('webview-04-both-ways.png') });
    });
});

describe('a ping', () => {
    test('03-one-way-route: the reply is lost at carol; the animation ends on that step, marked, with ping\'s own lines', async () => {
        const simulator = await open('03-one-way-route.net');
        const { page } = simulator;
        const expected = buildPingView(documentModel(simulator.file.document), 'alice', 'carol');
        if ('error' in expected) throw new Error(expected.error);
        await page.selectOption('#speed', '4');
        await page.selectOption('#ping-source', 'alice');
        await page.fill('#ping-target', 'carol');
        await page.click('#run-ping');
        await page.waitForSelector('#steps[data-state="playing"]');
        await page.screenshot({ path: screenshotPath('webview-03-ping-playing.png') });
        await page.waitForSelector('#steps[data-state="finished"]', { timeout: 30_000 });
        const last = expected.steps.length - 1;
        expect(await page.getAttribute('#steps', 'data-step')).toBe(String(last));
        const items = await page.$$eval('#steps li.step', (elements) => elements.map((element) => ({
            current: element.classList.contains('current'), text: element.querySelector('.text')?.textContent, stop: element.querySelector('.stop')?.textContent
        })));
        // Each step shows what the kernel decided (a drop whose words are its reason shows the reason, marked).
        expect(items.map((item) => item.text ?? item.stop)).toEqual(expected.steps.map((step) => step.text));
        expect(items[last].current).toBe(true);
        const stopped = expected.steps.findIndex((step) => step.stop !== undefined);
        expect(expected.steps[stopped]).toMatchObject({ node: 'carol', packet: 'echo-reply' });
        expect(items[stopped].stop).toBe(expected.steps[stopped].stop);
        // ping prints its header and statistics only; the list says so.
        expect(await page.textContent('#steps .transcript')).toBe([`$ ping -c 1 192.168.20.30`, ...expected.transcript].join('\n'));
        expect(expected.lines).toEqual([]);
        expect(await page.textContent('#steps .note')).toContain('ping prints nothing');
        // The cross is drawn on carol.
        const carol = await page.getAttribute('#drawing .vertex[data-id="node:carol"]', 'transform');
        expect(await page.getAttribute('#drawing .stop-mark', 'transform')).toBe(carol);
        // alice's route line was highlighted in the editor while her step played, then the highlight moved on.
        const routeLine = 17;
        const highlights = simulator.posted.filter((message) => message.type === 'highlight');
        expect(highlights.some((message) => message.type === 'highlight' && message.range?.start.line === routeLine)).toBe(true);
        await page.screenshot({ path: screenshotPath('webview-03-ping-lost-reply.png') });
    });

    test('stepping back and forward moves through the steps; clicking a step jumps there', async () => {
        const { page } = await open('04-both-ways.net');
        await page.click('.ping-line >> nth=0');
        await page.waitForSelector('#steps[data-state="playing"]');
        const count = await page.$$eval('#steps li.step', (elements) => elements.length);
        expect(count).toBeGreaterThan(3);
        await page.click('#play');
        expect(await page.getAttribute('#steps', 'data-state')).toBe('paused');
        await page.click('#steps li.step >> nth=2');
        expect(await page.getAttribute('#steps', 'data-step')).toBe('2');
        await page.click('#step-back');
        expect(await page.getAttribute('#steps', 'data-step')).toBe('1');
        await page.click('#step-forward');
        await page.click('#step-forward');
        expect(await page.getAttribute('#steps', 'data-step')).toBe('3');
        expect(await page.$$eval('#steps li.future', (elements) => elements.length)).toBe(count - 4);
        // The packet is drawn, in its kind's colour.
        expect(await page.$$eval('#drawing .packet', (elements) => elements.length)).toBe(1);
        // Space plays from there on to the end: a reply, marked at alice.
        await page.selectOption('#speed', '4');
        await page.click('#drawing');
        await page.keyboard.press('Space');
        await page.waitForSelector('#steps[data-state="finished"]', { timeout: 30_000 });
        expect(await page.textContent('#steps .verdict')).toBe('✓ reply, ttl=63');
        expect(await page.textContent('#steps .transcript')).toContain('64 bytes from 192.168.20.30: icmp_seq=1 ttl=63');
        expect(await page.$$eval('#drawing .delivered-mark', (elements) => elements.length)).toBe(1);
        expect(await page.$$eval('#drawing .stop-mark', (elements) => elements.length)).toBe(0);
    });

    test('02-no-route: ping cannot send; the list says so and ends with the connect error', async () => {
        const { page } = await open('02-no-route.net');
        await page.click('.ping-line >> nth=0');
        await page.waitForSelector('#steps[data-state="finished"]');
        expect(await page.textContent('#steps .transcript')).toBe('$ ping -c 1 192.168.20.30\nping: connect: Network is unreachable');
        expect(await page.textContent('#drawing .stop-mark text')).toContain('Network is unreachable');
    });
});

describe('the side panel', () => {
    test('clicking a node shows its interfaces and both route tables; clicking a written route reveals its line', async () => {
        const simulator = await open('04-both-ways.net');
        const { page } = simulator;
        await page.click('#drawing .vertex[data-id="node:carol"]');
        await page.waitForSelector('.node-details[data-node="carol"]');
        const carol = simulator.file.network.nodes.get('carol')!;
        expect(await page.textContent('.node-details .route-n')).toBe((await import('../../language/src/engine/route-format.js')).formatRouteN(carol.table));
        const rows = await page.$$eval('.node-details .routes .route-row', (elements) => elements.map((element) => element.textContent));
        expect(rows).toEqual(['192.168.10.0/24 via 192.168.20.1 dev eth0 ', '192.168.20.0/24 dev eth0 proto kernel scope link src 192.168.20.30 ']);
        await page.click('.node-details .routes button.route-row');
        const reveal = simulator.posted.filter((message) => message.type === 'reveal').pop();
        expect(reveal).toMatchObject({ type: 'reveal', range: { start: { line: 21, character: 2 } } });
        await page.screenshot({ path: screenshotPath('webview-04-node-details.png') });
    });

    test('08-mistakes: nodes with problems carry a badge; the panel lists them; forwarding and fixes are asked of the extension', async () => {
        const simulator = await open('08-mistakes.net');
        const { page } = simulator;
        const badges = await page.$$eval('#drawing .vertex', (elements) => elements.map((element) =>
            `${element.getAttribute('data-name')} ${element.querySelector('.badge')?.getAttribute('class') ?? '-'}`));
        expect(badges.sort()).toEqual(['alice badge error', 'bob badge error', 'eve badge warning', 'gw -', 'office -']);
        await page.click('#drawing .vertex[data-id="node:bob"]');
        const problems = await page.$$eval('.node-details .diagnostic', (elements) => elements.map((element) => element.className));
        expect(problems.length).toBe(4);
        await page.click('.node-details .toggle-forwarding');
        await page.click('.node-details .list-fixes');
        expect(simulator.posted.slice(-2)).toEqual([{ type: 'toggleForwarding', node: 'bob' }, { type: 'listFixes', node: 'bob' }]);
        await simulator.send({ type: 'fixes', node: 'bob', titles: ['Turn on forwarding on bob'] });
        await page.click('text=Turn on forwarding on bob');
        expect(simulator.posted.pop()).toEqual({ type: 'applyFix', node: 'bob', title: 'Turn on forwarding on bob' });
        await page.screenshot({ path: screenshotPath('webview-08-problems.png') });
    });
});
