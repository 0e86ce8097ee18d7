import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** The line prefix of one test's result, for the vitest runner that reads the workbench's log. */
export const RESULT_PREFIX = 'nettopo-extension-host-result ';

/**
 * The entry VS Code calls in its extension host (`extensionTestsPath`): runs every `*.suite.cjs`
 * beside it with mocha, logs one result line per test, and rejects when a test failed.
 */
export async function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    for (const file of readdirSync(__dirname)
        .filter((name) => name.endsWith('.suite.cjs'))
        .sort())
        mocha.addFile(join(__dirname, file));
    await mocha.loadFilesAsync();
    const failures = await new Promise<number>((resolve) => {
        const runner = mocha.run(resolve);
        const report = (test: Mocha.Test, state: string, error?: unknown) =>
            console.log(RESULT_PREFIX + JSON.stringify({ title: test.fullTitle(), state, error: error === undefined ? undefined : format(error) }));
        runner.on('pass', (test) => report(test, 'passed'));
        runner.on('fail', (test, error) => report(test, 'failed', error));
        runner.on('pending', (test) => report(test, 'pending'));
    });
    if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
