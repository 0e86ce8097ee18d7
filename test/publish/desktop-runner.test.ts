import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

/**
 * `npm run test:desktop` (scripts/test-desktop.mjs) where it cannot run desktop VS Code: it says why
 * and fails. (Where VS Code can be downloaded or VSCODE_EXECUTABLE names one, it runs the
 * extension-host suites; that is not part of npm test.)
 */

const root = join(import.meta.dirname, '../..');
const run = (env: NodeJS.ProcessEnv) => {
    const result = spawnSync('node', ['scripts/test-desktop.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    return { status: result.status, output: result.stdout + result.stderr };
};

test('a version of VS Code that cannot be downloaded: it says so, runs nothing and fails', () => {
    const { status, output } = run({ VSCODE_EXECUTABLE: '', VSCODE_VERSION: '0.0.1-none' });
    expect(status).toBe(1);
    expect(output).toContain('test:desktop: VS Code 0.0.1-none could not be downloaded');
    expect(output).toContain('so no test ran');
    expect(output).toContain('set VSCODE_EXECUTABLE');
});

test('a VSCODE_EXECUTABLE that does not exist is named', () => {
    const { status, output } = run({ VSCODE_EXECUTABLE: '/nonexistent/code' });
    expect(status).toBe(1);
    expect(output).toContain('VSCODE_EXECUTABLE names /nonexistent/code, which does not exist');
});

test('a program that exits 0 without running the suites is no pass', () => {
    // A display is given, so that no Xvfb is needed for a program that draws nothing.
    const { status, output } = run({ VSCODE_EXECUTABLE: '/bin/true', DISPLAY: ':99' });
    expect(status).toBe(1);
    expect(output).toContain('test:desktop: VS Code exited (0) without running a test');
});
