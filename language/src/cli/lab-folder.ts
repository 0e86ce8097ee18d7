import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSource } from '../fixes/source-bytes.js';
import { isReadLabFile, type KatharaLab } from '../import/kathara-import.js';
import { systemReason, UsageError } from './cli-support.js';

/** A Kathará lab folder as the importer takes it: every file's path, and the text of those it reads. */
export async function readLabFolder(dir: string): Promise<KatharaLab> {
    const files = new Map<string, string | undefined>();
    const visit = async (relative: string): Promise<void> => {
        const entries = await readdir(join(dir, relative), { withFileTypes: true });
        for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (entry.isDirectory()) await visit(path);
            else files.set(path, isReadLabFile(path) ? decodeSource(await readFile(join(dir, path))) : undefined);
        }
    };
    try {
        await visit('');
    } catch (error) {
        throw new UsageError(`cannot read ${dir}: ${systemReason(error)}`);
    }
    return { dir: dir.replace(/\/+$/, '') || '/', files };
}
