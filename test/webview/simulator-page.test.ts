import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';
import { launchChromium } from '../support/code-server.js';
import { openSimulator, screenshotPath, type SimulatorPage } from './simulator-page.js';

/** The built webview page in headless Chromium, fed by the real builders from examples/. */

const examples = join(import.meta.dirname, '../../examples');
let browser: Browser;
const pages: SimulatorPage[] = [];

beforeAll(async () => {
    browser = await launchChromium();
});
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
        const vertices = await page.$$eval('#drawing .vertex', (elements) =>
            elements.map((element) => [element.getAttribute('data-name'), element.getAttribute('class')])
        );
        expect(vertices.map(([name, kind]) => `${name} ${kind!.split(' ')[1]}`).sort()).toEqual([
            'alice host',
            'carol host',
            'gw router',
            'lab switch',
            'office switch'
        ]);
        expect(await page.$$eval('#drawing .link', (elements) => elements.length)).toBe(4);
        const labels = await page.$$eval('#drawing .link-label', (elements) =>
            elements.map((element) => [...element.querySelectorAll('tspan')].map((span) => span.textContent).join(' '))
        );
        expect(labels.sort()).toEqual(['eth0 192.168.10.1/24', 'eth0 192.168.10.21/24', 'eth0 192.168.20.30/24', 'eth1 192.168.20.1/24']);
        expect(await page.$$eval('#drawing .vertex.switch .detail', (elements) => elements.map((element) => element.textContent).sort())).toEqual([
            '192.168.10.0/24',
            '192.168.20.0/24'
        ]);
        await page.screenshot({ path: screenshotPath('webview-04-both-ways.png') });
    });
});

describe('a ping', () => {
    test("03-one-way-route: the reply is lost at carol; the animation ends on that step, marked, with ping's own lines", async () => {
        const simulator = await open('03-one-way-route.net');
        const { page } = simulator;
        const expected = buildPingView(simulator.file, 'alice', 'carol');
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
        const items = await page.$$eval('#steps li.step', (elements) =>
            elements.map((element) => ({
                current: element.classList.contains('current'),
                text: element.querySelector('.text')?.textContent,
                stop: element.querySelector('.stop')?.textContent
            }))
        );
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
        const routeLine = readFileSync(join(examples, '03-one-way-route.net'), 'utf8').split('\n').indexOf('  route 192.168.20.0/24 via 192.168.10.1');
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
        const routeLine = readFileSync(join(examples, '04-both-ways.net'), 'utf8').split('\n').indexOf('  route 192.168.10.0/24 via 192.168.20.1');
        expect(reveal).toMatchObject({ type: 'reveal', range: { start: { line: routeLine, character: 2 } } });
        await page.screenshot({ path: screenshotPath('webview-04-node-details.png') });
    });

    test('08-mistakes: nodes with problems carry a badge; the panel lists them; forwarding and fixes are asked of the extension', async () => {
        const simulator = await open('08-mistakes.net');
        const { page } = simulator;
        const badges = await page.$$eval('#drawing .vertex', (elements) =>
            elements.map((element) => `${element.getAttribute('data-name')} ${element.querySelector('.badge')?.getAttribute('class') ?? '-'}`)
        );
        expect(badges.sort()).toEqual(['alice badge error', 'bob badge error', 'eve badge warning', 'gw -', 'office -']);
        await page.click('#drawing .vertex[data-id="node:bob"]');
        const problems = await page.$$eval('.node-details .diagnostic', (elements) => elements.map((element) => element.firstChild?.textContent));
        const bob = buildTopologyView(simulator.file).nodes.find((node) => node.name === 'bob')!;
        expect(problems).toEqual(bob.diagnostics.map((diagnostic) => diagnostic.message));
        expect(problems.length).toBeGreaterThan(3);
        await page.click('.node-details .toggle-forwarding');
        await page.click('.node-details .list-fixes');
        expect(simulator.posted.slice(-2)).toEqual([
            { type: 'toggleForwarding', node: 'bob' },
            { type: 'listFixes', node: 'bob' }
        ]);
        await simulator.send({ type: 'fixes', node: 'bob', titles: ['Turn on forwarding on bob'] });
        await page.click('text=Turn on forwarding on bob');
        expect(simulator.posted.pop()).toEqual({ type: 'applyFix', node: 'bob', title: 'Turn on forwarding on bob' });
        await page.screenshot({ path: screenshotPath('webview-08-problems.png') });
    });
});

describe('the reachability matrix', () => {
    test('06-linux-router: every node against every address, coloured by outcome, with a legend; a cell plays its ping', async () => {
        const simulator = await open('06-linux-router.net');
        const { page } = simulator;
        await page.click('#toggle-matrix');
        await page.waitForSelector('#matrix td');
        const cells = await page.$$eval('#matrix tbody tr', (rows) =>
            rows.map((row) => [
                row.querySelector('th')!.textContent,
                ...[...row.querySelectorAll('td')].map((cell) => `${cell.getAttribute('data-outcome')} ${getComputedStyle(cell).backgroundColor}`)
            ])
        );
        const green = 'rgb(56, 138, 52)';
        const grey = 'rgb(136, 136, 136)';
        // Columns: alice.eth0, mid.eth0, mid.eth1, carol.eth0. mid does not forward: alice and carol cannot reach each other.
        expect(cells).toEqual([
            ['alice', `reply ${green}`, `reply ${green}`, `reply ${green}`, `silent ${grey}`],
            ['mid', `reply ${green}`, `reply ${green}`, `reply ${green}`, `reply ${green}`],
            ['carol', `silent ${grey}`, `reply ${green}`, `reply ${green}`, `reply ${green}`]
        ]);
        const legend = await page.$$eval('#matrix .legend span', (items) => items.map((item) => item.textContent));
        expect(legend).toEqual([
            'reply (10)',
            'no route (0)',
            'net unreachable (0)',
            'host unreachable (0)',
            'filtered (0)',
            'TTL exceeded (0)',
            'silent loss (2)'
        ]);
        await page.screenshot({ path: screenshotPath('webview-06-matrix.png') });
        await page.click('#matrix tbody tr:nth-child(1) td:nth-of-type(4)');
        expect(simulator.posted.filter((message) => message.type === 'ping').pop()).toEqual({ type: 'ping', source: 'alice', target: '192.168.20.30' });
        await page.waitForSelector('#steps li.step');
        expect(await page.textContent('#steps h3')).toBe('ping alice → 192.168.20.30');
    });

    test("the matrix tells an ARP that fails on the way (host unreachable) from the pinger's own reject route (no route)", async () => {
        const file = await loadNetText(`
switch office 192.168.10.0/24
host alice {
  eth0 192.168.10.21/24 -- office
  route default via 192.168.10.1
  route 192.168.30.0/30 unreachable
}
router gw {
  eth0 192.168.10.1/24 -- office
  eth1 192.168.20.1/24
  route 192.168.40.0/24 via 192.168.10.99
}
host lonely {
  eth0 192.168.40.5/24
}
router loop {
  eth0 192.168.30.2/30
  route default via 192.168.30.1
}
`);
        const simulator = await openSimulator(browser, file);
        pages.push(simulator);
        await simulator.page.click('#toggle-matrix');
        await simulator.page.waitForSelector('#matrix td');
        const row = await simulator.page.$$eval('#matrix tbody tr:nth-child(1) td', (cells) => cells.map((cell) => cell.getAttribute('data-outcome')));
        // alice -> alice, gw.eth0, gw.eth1, lonely (ARP for 192.168.10.99 fails at gw), loop (her own unreachable route).
        expect(row).toEqual(['reply', 'reply', 'reply', 'host-unreachable', 'no-route']);
    });
});

describe('the matrix, on demand', () => {
    const asked = (simulator: SimulatorPage) => simulator.posted.filter((message) => message.type === 'matrix').length;

    test('asked for only when the user opens it, with its progress shown; after an edit marked outdated, asked again on Refresh', async () => {
        const simulator = await open('06-linux-router.net');
        const { page } = simulator;
        expect(asked(simulator)).toBe(0);
        let release!: () => void;
        simulator.matrixGate = new Promise((resolve) => (release = resolve));
        await page.click('#toggle-matrix');
        await simulator.postedWhen(() => asked(simulator) === 1);
        // 3 nodes x 4 addresses: the builder reports each row; the page shows the last report while the matrix is on its way.
        await page.waitForSelector('#matrix-progress-text:text-is("12 of 12 pings")');
        expect(await page.$eval('#matrix-progress', (bar) => (bar as unknown as { value: number }).value)).toBe(100);
        expect(await page.$$('#matrix td')).toHaveLength(0);
        expect(asked(simulator)).toBe(1);
        simulator.matrixGate = undefined;
        release();
        await page.waitForSelector('#matrix td');
        const alice = () => page.$$eval('#matrix tbody tr:nth-child(1) td', (cells) => cells.map((cell) => cell.getAttribute('data-outcome')));
        expect(await alice()).toEqual(['reply', 'reply', 'reply', 'silent']);

        // An edit (mid forwards): the drawing follows, the matrix is not asked for again but marked outdated.
        simulator.file = await loadNetText(readFileSync(join(examples, '07-linux-router-forwarding.net'), 'utf8'), '06-linux-router.net');
        await simulator.sendTopology();
        await page.waitForSelector('#matrix .matrix-note.outdated #matrix-refresh');
        expect(await page.$$('#matrix .matrix-view.outdated')).toHaveLength(1);
        expect(await alice()).toEqual(['reply', 'reply', 'reply', 'silent']);
        expect(asked(simulator)).toBe(1);
        await page.screenshot({ path: screenshotPath('webview-matrix-outdated.png') });

        await page.click('#matrix-refresh');
        await simulator.postedWhen(() => asked(simulator) === 2);
        await page.waitForSelector('#matrix td');
        expect(await alice()).toEqual(['reply', 'reply', 'reply', 'reply']);
        expect(await page.$$('#matrix .matrix-note')).toHaveLength(0);
        // Closed and opened again on the same text: the current matrix is shown, not asked for.
        await page.click('#toggle-matrix');
        await page.click('#toggle-matrix');
        await page.waitForSelector('#matrix td');
        expect(asked(simulator)).toBe(2);
    });

    test('a matrix on its way can be cancelled by the user, and one the server stopped says why; both offer to compute it', async () => {
        const simulator = await open('04-both-ways.net');
        const { page } = simulator;
        simulator.matrixGate = new Promise(() => undefined);
        await page.click('#toggle-matrix');
        await page.waitForSelector('#matrix-progress-text:text-is("12 of 12 pings")');
        await page.click('#matrix-cancel');
        await simulator.postedWhen((posted) => posted.at(-1)?.type === 'cancelMatrix');
        expect(await page.textContent('#matrix .matrix-note')).toBe('Cancelled. Compute');

        await page.click('#matrix-refresh');
        await simulator.postedWhen(() => asked(simulator) === 2);
        await page.waitForSelector('#matrix-progress');
        await simulator.send({ type: 'matrixCancelled', reason: 'The file changed before the matrix was done.' });
        await page.waitForSelector('#matrix .matrix-note:has-text("The file changed before the matrix was done.") #matrix-refresh');
        expect(await page.$$('#matrix-progress')).toHaveLength(0);
    });
});

describe('following the document', () => {
    test('an edit redraws within the same picture: dragged nodes stay where the user put them, new ones appear', async () => {
        const simulator = await open('04-both-ways.net');
        const { page } = simulator;
        const box = (await page.$('#drawing .vertex[data-id="node:carol"] .shape'))!;
        const at = (await box.boundingBox())!;
        await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
        await page.mouse.down();
        await page.mouse.move(at.x + at.width / 2 - 40, at.y + at.height / 2 + 120, { steps: 5 });
        await page.mouse.up();
        const dragged = await page.getAttribute('#drawing .vertex[data-id="node:carol"]', 'transform');
        const gw = await page.getAttribute('#drawing .vertex[data-id="node:gw"]', 'transform');
        const text = readFileSync(join(examples, '04-both-ways.net'), 'utf8');
        simulator.file = await loadNetText(`${text}\nhost dave {\n  eth0 192.168.20.40/24 -- lab\n  route default via 192.168.20.1\n}\n`, '04-both-ways.net');
        await simulator.sendTopology();
        await page.waitForSelector('#drawing .vertex[data-id="node:dave"]');
        expect(await page.getAttribute('#drawing .vertex[data-id="node:carol"]', 'transform')).toBe(dragged);
        expect(await page.getAttribute('#drawing .vertex[data-id="node:gw"]', 'transform')).toBe(gw);
        expect(await page.$$eval('#drawing .link', (elements) => elements.length)).toBe(5);
        await page.screenshot({ path: screenshotPath('webview-04-after-edit.png') });
    });

    test('a ping on the screen is asked again after an edit, and shown for the new text', async () => {
        const simulator = await open('06-linux-router.net');
        const { page } = simulator;
        await page.click('.ping-line >> nth=0');
        await page.waitForSelector('#steps .verdict');
        expect(await page.textContent('#steps .verdict')).toMatch(/^✗ no reply: mid does not forward/);
        // The fix for mid, as the extension applies it: the file changes, the topology follows, the ping is asked again.
        simulator.file = await loadNetText(readFileSync(join(examples, '07-linux-router-forwarding.net'), 'utf8'), '06-linux-router.net');
        await simulator.sendTopology();
        await page.waitForFunction(() => document.querySelector('#steps .verdict')?.textContent?.startsWith('✓'));
        expect(await page.getAttribute('#steps', 'data-state')).toBe('finished');
        expect(await page.textContent('#steps .transcript')).toContain('64 bytes from 192.168.20.30: icmp_seq=1 ttl=63');
    });
});

describe('export', () => {
    test("the drawing exports as a standalone SVG with the theme's colours resolved, and as a PNG", async () => {
        const simulator = await open('05-default-gateway.net');
        const { page } = simulator;
        await page.click('#export-svg');
        await page.click('#export-png');
        await page.waitForFunction(() => true);
        await simulator.postedWhen((posted) => posted.filter((message) => message.type === 'export').length === 2);
        const [svg, png] = simulator.posted.filter((message) => message.type === 'export');
        if (svg?.type !== 'export' || png?.type !== 'export') throw new Error('no export was posted');
        expect(svg.format).toBe('svg');
        expect(svg.data).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox=/);
        for (const name of ['alice', 'carol', 'gw', 'server', 'office', 'uplink']) expect(svg.data).toContain(`>${name}</text>`);
        expect(svg.data).not.toContain('var(--');
        expect(png.format).toBe('png');
        expect(png.data.length).toBeGreaterThan(10_000);
        const { writeFileSync } = await import('node:fs');
        writeFileSync(screenshotPath('export-05-default-gateway.svg'), svg.data);
        writeFileSync(screenshotPath('export-05-default-gateway.png'), Buffer.from(png.data.split(',')[1], 'base64'));
    });
});
