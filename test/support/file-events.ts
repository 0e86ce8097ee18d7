import { readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Resolves once the file at `path` contains `text`: checked now, then at each change the kernel
 * reports in its folder (an editor may save by writing in place or by renaming a temporary file).
 */
export function fileContains(path: string, text: string): Promise<void> {
    const holds = () => {
        try {
            return readFileSync(path, 'utf8').includes(text);
        } catch {
            return false;
        }
    };
    return new Promise((resolve) => {
        const watcher = watch(dirname(path), (_event, name) => {
            if (name !== null && name !== basename(path)) return;
            if (!holds()) return;
            watcher.close();
            resolve();
        });
        // Checked after the watcher is in place, so a save between the two is not missed.
        if (holds()) {
            watcher.close();
            resolve();
        }
    });
}
