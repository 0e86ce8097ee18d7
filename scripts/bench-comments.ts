/**
 * A row of `npm run bench`: parsing comment-heavy files, with nettopo's parser (net-parser.ts) and,
 * in the same run, Langium 4.2's own (the naive baseline, quadratic in the comments). Each file is a
 * small lab whose statements are separated by comment lines, as a heavily annotated lab is.
 */
import { performance } from 'node:perf_hooks';
import { createLangiumParser, EmptyFileSystem } from 'langium';
import { createNetServices } from '../language/src/net-module.js';

const COMMENT_LINES = [50_000, 100_000, 200_000];

/** A lab of a switch and hosts, `commentLines` comment lines in all, one host every thousand. */
export function commentedLab(commentLines: number): string {
    const lines = ['switch lan 198.18.0.0/16'];
    for (let index = 0; index < commentLines; index++) {
        if (index % 1000 === 0) {
            const host = index / 1000;
            lines.push(`host h${host} {`, `  eth0 198.18.${host >> 8}.${(host & 255) + 1}/16 -- lan`, '}');
        }
        lines.push(index % 2 === 0 ? '# a note' : '#');
    }
    return `${lines.join('\n')}\n`;
}

function parseMs(parse: (text: string) => unknown, text: string): number {
    const start = performance.now();
    parse(text);
    return performance.now() - start;
}

/** Prints the table: comment lines, file size, parse time with nettopo's parser and with Langium's. */
export function benchCommentParse(table: (header: string[], rows: string[][]) => string, ms: (value: number) => string): void {
    const { Net } = createNetServices(EmptyFileSystem);
    const ours = Net.parser.LangiumParser;
    const naive = createLangiumParser(Net);
    // Warm-up of both, untimed.
    ours.parse(commentedLab(2_000));
    naive.parse(commentedLab(2_000));
    const rows = COMMENT_LINES.map((lines) => {
        const text = commentedLab(lines);
        const fast = parseMs((input) => ours.parse(input), text);
        const slow = parseMs((input) => naive.parse(input), text);
        return [`${lines.toLocaleString('en-US')} comment lines, ${(text.length / 1024).toFixed(0)} KiB`, ms(fast), ms(slow), `${(slow / fast).toFixed(0)}x`];
    });
    console.log("\nComment-heavy files: parse time (lexer + parser + CST), nettopo's parser and Langium 4.2's default");
    console.log(table(['', 'nettopo', 'Langium default', 'ratio'], rows));
}
