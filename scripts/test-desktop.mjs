// `npm run test:desktop`: the extension-host mocha suites (test/extension-host/suite, bundled into
// out/test/extension-host by bundle.mjs) in desktop VS Code, through @vscode/test-electron. The VS Code
// is VSCODE_EXECUTABLE when set, else the version in package.json's `config.vscodeVersion` (or the
// VSCODE_VERSION variable), downloaded into .vscode-test/. Without a display it runs under Xvfb.
// It fails, saying why, when VS Code cannot be had or when no test ran: it never reports a pass it did not run.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = resolve(import.meta.dirname, '..');
const RESULT_PREFIX = 'nettopo-extension-host-result ';
const runDir = join(root, 'out/desktop');
const testsPath = join(root, 'out/test/extension-host/index.cjs');

function fail(message) {
    console.error(`test:desktop: ${message}`);
    process.exit(1);
}

/** The VS Code to run: the one named, or the configured version, downloaded. */
async function vscodeExecutable() {
    const named = process.env.VSCODE_EXECUTABLE;
    if (named) {
        if (!existsSync(named)) fail(`VSCODE_EXECUTABLE names ${named}, which does not exist`);
        return named;
    }
    const version = process.env.VSCODE_VERSION || JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config.vscodeVersion;
    try {
        return await downloadAndUnzipVSCode({ version, cachePath: join(root, '.vscode-test') });
    } catch (error) {
        fail(
            `VS Code ${version} could not be downloaded (${error instanceof Error ? error.message : error}), so no test ran.\n` +
                '  This machine may have no access to update.code.visualstudio.com: set VSCODE_EXECUTABLE to a VS Code installed here\n' +
                '  (the `code` binary of an unpacked VS Code for Linux, e.g. VSCode-linux-x64/code), or run where it can be downloaded.'
        );
    }
}

/** A display for VS Code: the one there is, or an Xvfb of our own (its number written by Xvfb once it is ready). */
async function display() {
    if (process.env.DISPLAY || process.platform !== 'linux') return { env: {}, stop: () => undefined };
    const found = (() => {
        try {
            return execFileSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).trim();
        } catch {
            return '';
        }
    })();
    if (!found) fail("there is no display and no Xvfb: install Debian's xvfb package (apt-get install xvfb), or set DISPLAY");
    const xvfb = spawn(found, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const ended = (code) => fail(`Xvfb ended (${code}) before it had a display ready`);
    xvfb.once('exit', ended);
    const number = await new Promise((resolveNumber) => {
        let written = '';
        xvfb.stdio[3].on('data', (chunk) => {
            written += chunk;
            if (written.includes('\n')) resolveNumber(written.trim());
        });
    });
    xvfb.off('exit', ended);
    return { env: { DISPLAY: `:${number}` }, stop: () => xvfb.kill() };
}

const executable = await vscodeExecutable();
if (!existsSync(testsPath)) fail(`${testsPath} is missing: run \`npm run build\` first`);
rmSync(runDir, { recursive: true, force: true });
const workspace = join(runDir, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
mkdirSync(join(runDir, 'user-data'), { recursive: true });

// The suites log one line per test (suite/index.ts); count them as they pass through to stdout.
const results = { passed: 0, failed: 0 };
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
    for (const line of String(chunk)
        .split('\n')
        .filter((text) => text.startsWith(RESULT_PREFIX))) {
        const { state } = JSON.parse(line.slice(RESULT_PREFIX.length));
        if (state === 'passed') results.passed++;
        if (state === 'failed') results.failed++;
    }
    return write(chunk, ...rest);
};

const screen = await display();
let exitCode;
try {
    exitCode = await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: root,
        extensionTestsPath: testsPath,
        extensionTestsEnv: screen.env,
        launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions')]
    }).catch((error) => error.code ?? 1);
} finally {
    screen.stop();
}
process.stdout.write = write;
if (results.passed + results.failed === 0) fail(`VS Code exited (${exitCode}) without running a test`);
console.log(`test:desktop: ${results.passed} passed, ${results.failed} failed in desktop VS Code (${executable})`);
process.exit(exitCode === 0 && results.failed === 0 ? 0 : 1);
