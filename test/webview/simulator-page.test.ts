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
