const REASONS: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    EROFS: 'the file system is read-only',
    EIO: 'input/output error',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    ENXIO: 'no such device',
    EFBIG: 'the file is too large',
    EPIPE: 'the reader has gone away'
};

/** Why a system call failed, in our words (never Node's message, which names the call). */
export function systemReason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return (code && REASONS[code]) ?? `the system refused it${code ? ` (${code})` : ''}`;
}
