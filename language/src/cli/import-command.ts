import { writeFileAtomically } from './atomic-write.js';
import { displayName, readSource, systemReason, UsageError } from './cli-support.js';
import { decodeSource } from '../fixes/source-bytes.js';
import { importCommands, type ImportResult } from '../import/commands-import.js';
import { importContainerlab } from '../import/containerlab-import.js';
import { formatProblem } from '../import/import-problem.js';
import { importKathara } from '../import/kathara-import.js';
import { printNet } from '../import/net-printer.js';
import { readLabFolder } from './lab-folder.js';

/** The kinds of input `nettopo import` reads. */
export const IMPORT_KINDS = ['commands', 'kathara', 'containerlab'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface Output {
    readonly out: (text: string) => void;
    readonly err: (line: string) => void;
}

/** The import of PATH as KIND, with the lines the lab says about itself (Kathará's LAB_* metadata, containerlab's name). */
async function importPath(kind: ImportKind, path: string, name: string): Promise<ImportResult> {
    if (kind === 'kathara') return importKathara(await readLabFolder(path));
    const text = decodeSource(await readSource(path));
    return kind === 'containerlab' ? importContainerlab(text, name) : importCommands(text, name);
}

/**
 * `nettopo import KIND PATH [-o OUT]`: the .net of a script (or lab), on standard output or written
 * to OUT in one piece. Errors and warnings go to standard error as FILE:LINE; with an error nothing
 * is printed or written (status 1).
 */
export async function importCommand(kind: ImportKind, path: string, outPath: string | undefined, output: Output): Promise<number> {
    const name = displayName(path);
    const result = await importPath(kind, path, name);
    for (const problem of result.problems) output.err(formatProblem(problem));
    if (result.problems.some((problem) => problem.severity === 'error')) {
        output.err(`nettopo: ${name} was not imported (${outPath === undefined ? 'nothing printed' : `${outPath} not written`}): fix the errors above`);
        return 1;
    }
    const text = printNet(result.topology, [`Imported by nettopo import ${kind} from ${name.replaceAll('\n', ' ')}.`, ...(result.header ?? [])]);
    if (outPath === undefined) {
        output.out(text);
        return 0;
    }
    try {
        await writeFileAtomically(outPath, new TextEncoder().encode(text));
    } catch (error) {
        throw new UsageError(`cannot write ${outPath}: ${systemReason(error)}`);
    }
    return 0;
}
