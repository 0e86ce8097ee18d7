/**
 * `npm run bench:hosts`: the extension in the Node extension host (the .vsix) and in the browser one
 * (the package without `main`, whose server runs in a web worker), side by side, in code-server
 * 4.100.3 driven by Chromium, as a user meets them on examples/:
 * - activation: the time VS Code itself reports for nettopo (Developer: Show Running Extensions);
 * - first diagnostics: from opening the first example with problems in a fresh window (activation,
 *   the server's start, parse, validation) to its row in the Problems view;
 * - each next example with problems: from opening it to its row in the Problems view.
 * Medians (and ranges) of BENCH_RUNS fresh windows (3). Not a test: it asserts nothing about time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { launchChromium, root, startCodeServer, vsixPath, webVsixPath } from '../test/support/code-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const examples = readdirSync(join(root, 'examples'))
    .filter((name) => name.endsWith('.net'))
    .sort();
/** The examples the engine finds problems in (the CLI's `check`, the server's validator): the ones the Problems view lists. */
const withProblems = examples.filter(
    (name) => spawnSync('node', [join(root, 'out/nettopo.js'), 'check', '--json', join(root, 'examples', name)], { encoding: 'utf8' }).stdout.trim() !== ''
);

interface Sample {
    readonly activation: number;
    readonly firstDiagnostics: number;
    readonly nextDiagnostics: number[];
}

async function openFile(page: Page, name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
}

/**
 * Milliseconds from opening `name` to its file row in the Problems view. The view is filtered to
 * that file first: it lists the files it has problems for in its own order, and a row scrolled out
 * of its list is not drawn at all, so an unfiltered view can hold the row where it never appears.
 */
async function timeToProblems(page: Page, name: string): Promise<number> {
    await page.locator('.part.panel .viewpane-filter input').fill(`**/${name}`);
    const start = performance.now();
    await openFile(page, name);
    await page.locator('.markers-panel .monaco-list-row[aria-level="1"]', { hasText: name }).waitFor({ timeout: 60_000 });
    return performance.now() - start;
}

async function run(vsix: string): Promise<Sample> {
    const server = await startCodeServer({ runDir: join(root, 'out/bench-hosts'), vsix });
    const browser = await launchChromium();
    try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(30_000);
        await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
        await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel').waitFor();
        const [first, ...next] = withProblems;
        const firstDiagnostics = await timeToProblems(page, first);
        const nextDiagnostics = [];
        for (const name of next) nextDiagnostics.push(await timeToProblems(page, name));
        await page.keyboard.press('Control+Shift+P');
        await page.locator('.quick-input-widget input').fill('>Developer: Show Running Extensions');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
        await page.keyboard.press('Enter');
        const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'nettopo' }).first();
        const activation = Number(/Activation: (\d+)ms/.exec(await row.innerText())?.[1] ?? NaN);
        return { activation, firstDiagnostics, nextDiagnostics };
    } finally {
        await browser.close();
        await server.stop();
    }
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
/** The median, and the range of the runs when there are several. */
const ms = (values: readonly number[]) =>
    `${Math.round(median(values))} ms${values.length > 1 ? ` (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})` : ''}`;

execFileSync('node', ['scripts/package.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync('node', ['scripts/package.mjs', '--web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const hosts = { 'Node host': vsixPath(), 'browser host (web worker)': webVsixPath() };
const results: Record<string, Sample[]> = {};
for (const [host, vsix] of Object.entries(hosts)) {
    results[host] = [];
    for (let index = 0; index < RUNS; index++) results[host].push(await run(vsix));
}
console.log(
    `code-server 4.100.3, Chromium, medians (and ranges) of ${RUNS} fresh windows, on ${cpus().length} cores; examples with problems: ${withProblems.join(', ')}`
);
console.log(
    `| | ${Object.keys(hosts).join(' | ')} |\n|---|${Object.keys(hosts)
        .map(() => '---')
        .join('|')}|`
);
const line = (label: string, pick: (sample: Sample) => number) =>
    console.log(
        `| ${label} | ${Object.values(results)
            .map((samples) => ms(samples.map(pick)))
            .join(' | ')} |`
    );
line('activation (as VS Code reports it)', (sample) => sample.activation);
line(`first diagnostics: open ${withProblems[0]} → its problems shown`, (sample) => sample.firstDiagnostics);
line('next example: open → its problems shown (median)', (sample) => median(sample.nextDiagnostics));
