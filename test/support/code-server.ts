import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The project's root folder. */
export const root = join(import.meta.dirname, '../..');

/**
 * code-server 4.100.3 (VS Code 1.100's workbench and Node extension host) and Debian's Chromium,
 * installed once into the cache by the project's installer, which `npm start` and CI use as well.
 * Returns the code-server executable.
 */
export function ensureCodeServer(): string {
    const output = execFileSync('bash', [join(root, 'scripts/ensure-code-server.sh'), '--chromium'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit']
    });
    return output.trim().split('\n').pop()!;
}

/** The .vsix `npm run package` made for the current version. */
export function vsixPath(variant = ''): string {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    return join(root, 'out', `${name}-${version}${variant}.vsix`);
}

/** The .vsix `node scripts/package.mjs --web` made: no `main`, so only the browser entry can run. */
export const webVsixPath = () => vsixPath('-web');

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
        });
    });
}

/** Settings for a test workbench: no trust prompt, no welcome page, a terminal drawn in the DOM. */
const testSettings = {
    'security.workspace.trust.enabled': false,
    'terminal.integrated.gpuAcceleration': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.hover.delay': 200,
    'git.openRepositoryInParentFolders': 'never'
};

export interface RunningCodeServer {
    readonly port: number;
    readonly url: string;
    /** A copy of examples/, opened as the workspace. */
    readonly workspace: string;
    readonly userDataDir: string;
    readonly log: () => string;
    /** Stops code-server and everything it started (its process group). */
    stop(): Promise<void>;
}

export interface CodeServerOptions {
    /** A folder for this run (under out/): data folders, logs, the workspace copy. */
    readonly runDir: string;
    /** A .vsix to install first. */
    readonly vsix?: string;
}

/** Starts code-server on a free loopback port with folders of its own, and waits until it answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
    const executable = ensureCodeServer();
    mkdirSync(options.runDir, { recursive: true });
    // The last run's folders stay for a look at its logs until the next run of the tier.
    for (const old of readdirSync(options.runDir).filter((name) => name.startsWith('code-server-'))) {
        rmSync(join(options.runDir, old), { recursive: true, force: true });
    }
    const dir = mkdtempSync(join(options.runDir, 'code-server-'));
    const userDataDir = join(dir, 'user-data');
    const extensionsDir = join(dir, 'extensions');
    const workspace = join(dir, 'examples');
    cpSync(join(root, 'examples'), workspace, { recursive: true });
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(testSettings, null, 2));
    writeFileSync(join(dir, 'config.yaml'), 'auth: none\n');
    const env: NodeJS.ProcessEnv = { ...process.env, EXTENSIONS_GALLERY: '{}' };
    for (const variable of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR', 'TMPDIR']) {
        env[variable] = join(dir, variable.toLowerCase());
        mkdirSync(env[variable]!, { recursive: true });
    }
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', join(dir, 'config.yaml')];
    if (options.vsix) {
        execFileSync(executable, [...common, '--install-extension', options.vsix], { env, stdio: 'pipe', timeout: 120_000 });
    }
    const port = await freePort();
    let output = '';
    const child: ChildProcess = spawn(
        executable,
        [
            ...common,
            '--auth',
            'none',
            '--bind-addr',
            `127.0.0.1:${port}`,
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
            workspace
        ],
        { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    const stop = async () => {
        if (!running) return;
        try {
            process.kill(-child.pid!, 'SIGTERM');
        } catch {
            return;
        }
        const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000));
        if (!(await Promise.race([exited.then(() => true), timeout]))) {
            try {
                process.kill(-child.pid!, 'SIGKILL');
            } catch {
                // gone meanwhile
            }
            await exited;
        }
    };
    const url = `http://127.0.0.1:${port}`;
    // Ours is listening once it says so (another server on the port would answer healthz too).
    const listening = new Promise<boolean>((resolve) => {
        const said = () => output.includes(`127.0.0.1:${port}`);
        const heard = () => said() && resolve(true);
        child.stdout!.on('data', heard);
        child.stderr!.on('data', heard);
        void exited.then(() => resolve(false));
        setTimeout(() => resolve(said()), 60_000).unref();
    });
    if (!(await listening) || !(await healthy(url))) {
        await stop();
        throw new Error(`code-server did not start on ${url}:\n${output}`);
    }
    return { port, url, workspace, userDataDir, log: () => output, stop };
}

async function healthy(url: string): Promise<boolean> {
    try {
        return (await fetch(`${url}/healthz`)).ok;
    } catch {
        return false;
    }
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync'
        ]
    });
}
