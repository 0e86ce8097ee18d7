import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces the file at `path` with `bytes` so that a failure at any point (a full disk, a crash,
 * a power cut) leaves either the old file or the new one, never a truncated one: the bytes go to a
 * temporary file in the same folder (a rename cannot cross file systems), are flushed to the disk,
 * and the temporary file is renamed over the original. The file keeps its permissions (and, for
 * root, its owner); a symbolic link keeps pointing at the file, which is the one replaced.
 * A file that does not exist yet is created the same way. Throws the system's error; the original
 * is then untouched and no temporary file is left.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
    const existing = await realpath(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
    });
    // A new file gets the mode and owner any new file of this process gets (0666 less the umask).
    const target = existing ?? path;
    const original = existing ? await stat(existing) : { mode: 0o666 & ~process.umask(), uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    const folder = dirname(target);
    const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.nettopo-fix`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
        try {
            await handle.writeFile(bytes);
            await handle.chmod(original.mode & 0o7777);
            if (process.getuid?.() === 0) await handle.chown(original.uid, original.gid);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, target);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
    // The rename itself is on the disk once the folder is flushed (a file system that cannot flush
    // a folder has already made the rename durable, or never will).
    const directory = await open(folder, 'r');
    try {
        await directory.sync();
    } catch {
        // See above.
    } finally {
        await directory.close();
    }
}
