import { formatDiagnostic, loadFile } from './cli-support.js';

/** `nettopo check FILE...`: every diagnostic of every file; exit 1 when any is an error. */
export async function checkCommand(paths: string[], out: (line: string) => void): Promise<number> {
    let errors = 0;
    for (const path of paths) {
        const file = await loadFile(path);
        for (const diagnostic of file.diagnostics) {
            out(formatDiagnostic(path, diagnostic));
            if ((diagnostic.severity ?? 1) === 1) errors++;
        }
    }
    return errors > 0 ? 1 : 0;
}
