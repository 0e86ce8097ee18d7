import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The `nettopo` command as users run it, for the CLI tests: a real process on the built bundle (`npm run build` first). */

export const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'out/nettopo.js');

export interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `nettopo ARGS` in `cwd` (the project folder by default), as `bin/nettopo.js` starts it, with `input` on its standard input. */
export function runNettopo(args: readonly string[], options: { readonly cwd?: string; readonly input?: string } = {}): Run {
    const { cwd = root, input } = options;
    const result = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), ...args], { cwd, input, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A folder of its own for one test file's files, made before its tests (once the bundle is known
 * to be built) and removed after them; the function gives its path.
 */
export function scratchFolder(prefix: string): () => string {
    let folder: string | undefined;
    beforeAll(() => {
        if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before the CLI tests`);
        folder = mkdtempSync(join(tmpdir(), prefix));
    });
    afterAll(() => {
        if (folder) rmSync(folder, { recursive: true, force: true });
    });
    return () => {
        if (folder === undefined) throw new Error('the scratch folder exists only while the tests run');
        return folder;
    };
}
