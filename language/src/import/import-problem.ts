/** What an import could not take in, or took in with a caveat: where it is and what it says. */
export interface ImportProblem {
    readonly severity: 'error' | 'warning';
    readonly file: string;
    /** From 1; 0 for the file as a whole (a file that is missing, or that the import leaves out). */
    readonly line: number;
    /** The command (or line) as written. */
    readonly command: string;
    readonly message: string;
}

/** Where a piece of the input comes from: the file, its line and the command there. */
export interface Origin {
    readonly file: string;
    readonly line: number;
    readonly command: string;
}

export function problemAt(origin: Origin, severity: ImportProblem['severity'], message: string): ImportProblem {
    return { severity, ...origin, message };
}

/** `FILE:LINE: error: `COMMAND`: MESSAGE` (`FILE: error: ...` for line 0), as the CLI and the editor print it. */
export function formatProblem(problem: ImportProblem): string {
    const command = problem.command ? ` \`${problem.command.length > 120 ? `${problem.command.slice(0, 117)}...` : problem.command}\`:` : '';
    return `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.severity}:${command} ${problem.message}`;
}
