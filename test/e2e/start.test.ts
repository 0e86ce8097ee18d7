import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { freePort, launchChromium, root } from '../support/code-server.js';
import { Workbench } from './workbench.js';

/**
 * `npm start`'s script as a user runs it: it prints the address, the browser VS Code there has the
 * extension working on the examples, and Ctrl-C (SIGINT to the whole terminal's process group)
 * stops everything.
 */

let start: ChildProcess | undefined;
let browser: Browser | undefined;

afterAll(async () => {
    await browser?.close();
    if (start?.exitCode === null) process.kill(-start.pid!, 'SIGKILL');
});

test('npm start serves the extension in code-server on 127.0.0.1 and stops on Ctrl-C', async () => {
    const port = await freePort();
    const profile = join(root, 'out/start-profile');
    rmSync(profile, { recursive: true, force: true });
    start = spawn('bash', [join(root, 'scripts/start.sh')], {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // code-server's own state goes with the profile, not into the home folder.
        env: {
            ...process.env,
            PORT: String(port),
            NETTOPO_PROFILE_DIR: profile,
            XDG_DATA_HOME: join(profile, 'data'),
            XDG_CONFIG_HOME: join(profile, 'config')
        }
    });
    let output = '';
    start.stdout!.on('data', (chunk) => (output += chunk));
    start.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));

    const url = `http://127.0.0.1:${port}/?folder=${encodeURI(join(root, 'examples'))}`;
    await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toContain(url);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    const workbench = new Workbench(page);
    await workbench.open(url);
    await workbench.openFile('03-one-way-route.net', 'host carol {');
    await workbench.codeLenses('▶ Run ping');
    await browser.close();
    browser = undefined;

    process.kill(-start.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(code, output).toBe(0);
    expect(output).toContain('nettopo: stopped');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
}, 180_000);
