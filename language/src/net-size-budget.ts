/**
 * The largest text nettopo analyses, by design rather than by running out of memory. An analysed
 * lab keeps 75 to 105 bytes of heap per character of its text (measured by scripts/bench-heap.ts
 * on generated labs of 1,000 to 20,000 hosts: 1.1 MB of text kept 90 MiB, 3.1 MB kept 217 MiB;
 * before issue 15's cuts it was 170 to 320), and a language server holds two versions of a
 * document while it rebuilds one. 4 million characters (about 35,000 hosts) keep about 400 MiB,
 * a tenth of Node 20's default heap; a 50 MB lab, which used to run the process out of memory
 * after minutes, is refused at once with this reason.
 */
export const MAX_ANALYSED_CHARACTERS = 4_000_000;

const megabytes = (characters: number) => `${(characters / 1_000_000).toFixed(1)} MB`;

/** Why `text` is not analysed, or undefined when it is within the budget. */
export function sizeBudgetProblem(text: string): string | undefined {
    if (text.length <= MAX_ANALYSED_CHARACTERS) return undefined;
    return (
        `This file is not analysed: it is ${megabytes(text.length)}, and nettopo analyses files of up to ${megabytes(MAX_ANALYSED_CHARACTERS)}` +
        ' (about 35,000 hosts), because analysing a lab keeps about 100 bytes of memory for each character of its text.'
    );
}
