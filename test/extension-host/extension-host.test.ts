import { join } from 'node:path';
import { format } from 'node:util';
import { describe, expect, test } from 'vitest';
import { launchChromium, root, startCodeServer } from '../support/code-server.js';

/**
 * Runs the mocha suites of suite/ inside code-server's extension host (the workbench loads the
 * extension from the project folder and the tests from out/test/extension-host through the
 * `payload` URL parameter), then reports each mocha test as a vitest test.
 */

const RESULT_PREFIX = 'nettopo-extension-host-result ';
const runTimeout = 240_000;

interface MochaResult {
    readonly title: string;
    readonly state: 'passed' | 'failed' | 'pending';
    readonly error?: string;
}

async function runSuites(): Promise<{ results: MochaResult[]; exitCode: number | undefined; log: string }> {
    const server = await startCodeServer({ runDir: join(root, 'out/extension-host') });
    const browser = await launchChromium();
    const lines: string[] = [];
    try {
        // The suites read terminals through the clipboard (Select All, Copy).
        const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
        let exit!: (code: number) => void;
        const exited = new Promise<number>((resolve) => (exit = resolve));
        await context.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => lines.push(format(...args)));
        await context.exposeFunction('codeAutomationExit', (code: number) => exit(code));
        const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
        const payload = [
            ['extensionDevelopmentPath', remote(root)],
            ['extensionTestsPath', remote(join(root, 'out/test/extension-host/index.cjs'))]
        ];
        const page = await context.newPage();
        await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), runTimeout)));
        const exitCode = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        const results = lines
            .flatMap((line) => line.split('\n'))
            .filter((line) => line.startsWith(RESULT_PREFIX))
            .map((line) => JSON.parse(line.slice(RESULT_PREFIX.length)) as MochaResult);
        return { results, exitCode, log: `${lines.join('\n')}\n--- code-server ---\n${server.log()}` };
    } finally {
        await browser.close();
        await server.stop();
    }
}

const run = await runSuites();

describe('extension host (code-server 4.100.3)', () => {
    test('the mocha run finished and ran tests', () => {
        expect(run.exitCode, `the run did not finish within ${runTimeout} ms:\n${run.log}`).toBeDefined();
        expect(run.results.length, run.log).toBeGreaterThan(0);
        expect(run.exitCode === 0, 'exit code 0 exactly when no test failed').toBe(run.results.every((result) => result.state !== 'failed'));
    });
    for (const result of run.results) {
        test.skipIf(result.state === 'pending')(result.title, () => {
            if (result.state === 'failed') throw new Error(result.error);
        });
    }
});
