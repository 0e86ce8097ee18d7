import { writeFileAtomically } from './atomic-write.js';
import { displayName, readSource, systemReason, UsageError } from './cli-support.js';
import { decodeSource } from '../fixes/source-bytes.js';
import { attachmentProblem, importCni } from '../import/cni-import.js';
import { importCommands, type ImportResult } from '../import/commands-import.js';
import { importContainerlab } from '../import/containerlab-import.js';
import { formatProblem, type ImportProblem } from '../import/import-problem.js';
import { importKathara } from '../import/kathara-import.js';
import { printNet } from '../import/net-printer.js';
import { readLabFolder } from './lab-folder.js';

/** The kinds of input `nettopo import` reads. */
export const IMPORT_KINDS = ['commands', 'kathara', 'containerlab', 'cni'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The kinds whose PATH is a folder (a lab directory) rather than a file. */
export const FOLDER_KINDS: ReadonlySet<ImportKind> = new Set<ImportKind>(['kathara']);

/**
 * What a kind reads besides its file, asked by the editor's picker (`--NAME` on the command line):
 * a kind absent here reads a file and takes no option.
 */
export const IMPORT_OPTIONS: { readonly [kind in ImportKind]?: readonly ImportOption[] } = {
    cni: [
        { name: 'host', prompt: "the host's node name", value: 'host' },
        { name: 'container', prompt: 'the containers, in the order the runtime adds them (their names, separated by spaces)', value: 'c1 c2', list: true }
    ]
};

export interface ImportOption {
    readonly name: string;
    readonly prompt: string;
    /** What the picker offers first. */
    readonly value: string;
    /** Given any number of times (`--container A --container B`). */
    readonly list?: true;
}

/** The options given to an import, by name (a list option's values in order). */
export type ImportOptionValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What an import of a file gave: its problems (as FILE:LINE lines) and, without an error, the .net text. */
export interface ImportedLab {
    readonly problems: readonly ImportProblem[];
    readonly text?: string;
}

/**
 * Reads PATH and imports it as KIND: the .net text unless there is an error. A file that cannot be
 * read, or options the kind does not take, throw a {@link UsageError}.
 */
export async function importFile(kind: ImportKind, path: string, options: ImportOptionValues): Promise<ImportedLab> {
    const name = displayName(path);
    const known = new Set((IMPORT_OPTIONS[kind] ?? []).map((option) => option.name));
    const stray = Object.keys(options).find((option) => options[option] !== undefined && !known.has(option));
    if (stray !== undefined) {
        const owners = IMPORT_KINDS.filter((other) => IMPORT_OPTIONS[other]?.some((option) => option.name === stray));
        throw new UsageError(owners.length > 0 ? `--${stray} goes with ${owners.join(', ')}, not ${kind}` : `import has no option --${stray}`);
    }
    const result = await importPath(kind, path, name, options);
    if (result.problems.some((problem) => problem.severity === 'error')) return { problems: result.problems };
    const header = [`Imported by nettopo import ${kind} from ${name.replaceAll('\n', ' ')}.`, ...(result.header ?? [])];
    return { problems: result.problems, text: printNet(result.topology, header) };
}

/** The import of PATH as KIND, with the lines the lab says about itself (Kathará's LAB_* metadata, containerlab's name). */
async function importPath(kind: ImportKind, path: string, name: string, options: ImportOptionValues): Promise<ImportResult> {
    if (kind === 'kathara') return importKathara(await readLabFolder(path));
    const text = decodeSource(await readSource(path));
    if (kind === 'cni') return importCniFile(text, name, options);
    return kind === 'containerlab' ? importContainerlab(text, name) : importCommands(text, name);
}

function importCniFile(text: string, name: string, options: ImportOptionValues): ImportResult {
    const host = options.host ?? 'host';
    const containers = options.container ?? [];
    const attachment = { host: typeof host === 'string' ? host : host.join(' '), containers: typeof containers === 'string' ? [containers] : containers };
    const problem = attachmentProblem(attachment);
    if (problem) throw new UsageError(problem);
    return importCni(text, name, attachment);
}

interface Output {
    readonly out: (text: string) => void;
    readonly err: (line: string) => void;
}

/**
 * `nettopo import KIND PATH [OPTIONS] [-o OUT]`: the .net of a script (or lab), on standard output
 * or written to OUT in one piece. Errors and warnings go to standard error as FILE:LINE; with an
 * error nothing is printed or written (status 1).
 */
export async function importCommand(kind: ImportKind, path: string, options: ImportOptionValues, outPath: string | undefined, output: Output): Promise<number> {
    const imported = await importFile(kind, path, options);
    for (const problem of imported.problems) output.err(formatProblem(problem));
    if (imported.text === undefined) {
        output.err(
            `nettopo: ${displayName(path)} was not imported (${outPath === undefined ? 'nothing printed' : `${outPath} not written`}): fix the errors above`
        );
        return 1;
    }
    if (outPath === undefined) {
        output.out(imported.text);
        return 0;
    }
    try {
        await writeFileAtomically(outPath, new TextEncoder().encode(imported.text));
    } catch (error) {
        throw new UsageError(`cannot write ${outPath}: ${systemReason(error)}`);
    }
    return 0;
}
