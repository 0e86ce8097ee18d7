/**
 * The largest text nettopo analyses, by design rather than by running out of memory. Analysing a
 * lab keeps 170 to 320 bytes of memory per character of its text (measured on generated labs of
 * 1,000 to 36,000 hosts: 1.1 MB of text kept 210 MiB, 7.7 MB kept 1.7 GiB), and a language server
 * holds two versions of a document while it rebuilds one. 4 million characters (about 35,000
 * hosts) keep at most about 1.3 GiB, a third of Node 20's default heap; a 50 MB lab, which used to
 * run the process out of memory after minutes, is refused at once with this reason.
 */
export const MAX_ANALYSED_CHARACTERS = 4_000_000;

const megabytes = (characters: number) => `${(characters / 1_000_000).toFixed(1)} MB`;

/** Why `text` is not analysed, or undefined when it is within the budget. */
export function sizeBudgetProblem(text: string): string | undefined {
    if (text.length <= MAX_ANALYSED_CHARACTERS) return undefined;
    return (
        `This file is not analysed: it is ${megabytes(text.length)}, and nettopo analyses files of up to ${megabytes(MAX_ANALYSED_CHARACTERS)}` +
        ' (about 35,000 hosts), because analysing a lab keeps about 300 bytes of memory for each character of its text.'
    );
}
