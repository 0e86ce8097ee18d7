/**
 * The lines `ping -n -c N` prints about its packets: its output without the `PING ...`
 * header, blank lines and the statistics, and without the ` time=...` that differs per run.
 * `output` is stdout and stderr together, as a terminal shows them.
 */
export function pingPacketLines(output: string): string[] {
    const lines: string[] = [];
    for (const line of output.split('\n')) {
        if (line.startsWith('--- ')) break;
        if (line.trim() === '' || line.startsWith('PING ')) continue;
        lines.push(line.replace(/ time=\S+( ms)?/, '').trimEnd());
    }
    return lines;
}
