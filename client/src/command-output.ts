import type { NodeView, PingView, StepView } from '../../language/src/lsp/net-protocol.js';

// Plain functions from the server's views to what a terminal prints: no vscode here, so that the
// layout is unit-tested. Every fact comes from the server; this only lays it out.

/** What one simulated command printed: the command line after the prompt, then its output. */
export interface CommandOutput {
    readonly command: string;
    readonly lines: readonly string[];
}

/** Lays out commands' output for a terminal `columns` wide (unknown until the terminal opens). */
export type RenderOutput = (columns: number | undefined) => readonly CommandOutput[];

const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;
const green = (text: string) => `\x1b[32m${text}\x1b[0m`;
const red = (text: string) => `\x1b[31m${text}\x1b[0m`;
const dim = (text: string) => `\x1b[2m${text}\x1b[0m`;

/**
 * `ping -c N TARGET` as a terminal on the source shows it: ping's own lines (the `PING` header, the
 * packet lines, the statistics), then, with `trace`, what each node decided hop by hop, and the
 * verdict with its explanation. Given the terminal's `columns`, the explanations wrap under
 * themselves rather than under the hop numbers.
 */
export function pingOutput(view: PingView, options: { trace: boolean; columns?: number }): CommandOutput {
    const lines = [...view.transcript];
    const wrap = (text: string, indent: number) => wrapWords(text, options.columns === undefined ? Infinity : options.columns - indent);
    if (options.trace) {
        if (lines.at(-1) !== '') lines.push('');
        lines.push(...traceLines(view.steps, wrap));
    }
    lines.push(view.reply ? green(view.verdict) : red(view.verdict));
    if (view.explanation) lines.push(...wrap(view.explanation, 2).map((line) => `  ${line}`));
    return { command: view.command, lines };
}

type Wrap = (text: string, indent: number) => string[];

function traceLines(steps: readonly StepView[], wrap: Wrap): string[] {
    const header = bold('--- hop by hop (nettopo) ---');
    if (steps.length === 0) return [header, dim('no packet was sent')];
    const nodeWidth = Math.max(...steps.map((step) => step.node.length), 4);
    const packetWidth = Math.max(...steps.map((step) => step.packetName.length));
    const indent = ' '.repeat(5 + nodeWidth + 2 + packetWidth + 2);
    const lines = [header];
    steps.forEach((step, index) => {
        const number = `${index + 1}.`.padStart(3);
        const [first, ...rest] = wrap(step.text, indent.length);
        lines.push(`${number}  ${bold(step.node.padEnd(nodeWidth))}  ${dim(step.packetName.padEnd(packetWidth))}  ${first}`);
        lines.push(...rest.map((line) => indent + line));
        if (step.stop) lines.push(...wrap(`stops here: ${step.stop}`, indent.length).map((line) => indent + red(line)));
    });
    return lines;
}

/** Breaks text at spaces into lines of at most `width` characters (a longer word keeps its line). */
export function wrapWords(text: string, width: number): string[] {
    if (width < 20) return [text];
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines;
}

/** `ip route` and `route -n` on the node, as the server's printers give them. */
export function routeTableOutputs(node: NodeView): CommandOutput[] {
    return [
        { command: 'ip route', lines: tableLines(node.ipRoute) },
        { command: 'route -n', lines: tableLines(node.routeN) }
    ];
}

function tableLines(table: string): string[] {
    return table === '' ? [] : table.replace(/\n$/, '').split('\n');
}
