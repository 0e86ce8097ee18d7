import type { NodeView, PingLineOptions, PingView } from '../../language/src/lsp/net-protocol.js';
import { pingOutput, routeTableOutputs } from './command-output.js';

/** What a typed command prints, laid out for a terminal `columns` wide. */
export type ShellOutput = (columns: number | undefined) => readonly string[];

// What a user types at a node terminal's prompt: the few commands nettopo simulates, read as a
// shell would, answered from the server's views. No vscode here: unit-tested with real views.

/** A typed command line, understood. */
export type ShellCommand =
    | { readonly kind: 'ping'; readonly target: string; readonly options: PingLineOptions }
    | { readonly kind: 'ip-route' }
    | { readonly kind: 'route-n' }
    | { readonly kind: 'help' }
    | { readonly kind: 'empty' }
    | { readonly kind: 'error'; readonly lines: readonly string[] };

/** ping's options that take a value; nettopo simulates `-c N` and `-I FROM`, and skips the others with their value. */
const pingValueOptions = new Set(['-c', '-W', '-w', '-i', '-s', '-t', '-I', '-Q', '-l', '-p', '-M']);

export function parseShellCommand(line: string): ShellCommand {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const [name, ...rest] = words;
    if (!name) return { kind: 'empty' };
    if (name === 'ping') {
        const targets: string[] = [];
        let options: PingLineOptions = {};
        for (let index = 0; index < rest.length; index++) {
            const word = rest[index];
            if (word === '-c') options = { ...options, count: Number(rest[index + 1]) };
            else if (word === '-I' && rest[index + 1] !== undefined) options = { ...options, from: rest[index + 1] };
            else if (word === '-b') options = { ...options, broadcast: true };
            if (pingValueOptions.has(word)) index++;
            else if (!word.startsWith('-')) targets.push(word);
        }
        const target = targets.at(-1);
        return target ? { kind: 'ping', target, options } : { kind: 'error', lines: ['ping: usage error: Destination address required'] };
    }
    if (name === 'ip' && /^(-4 )?r(o(u(t(e)?)?)?)?( (show|list|ls))?$/.test(rest.join(' '))) return { kind: 'ip-route' };
    if (name === 'route' && (rest.length === 0 || rest.join(' ') === '-n')) return { kind: 'route-n' };
    if (name === 'help') return { kind: 'help' };
    return { kind: 'error', lines: [`${name}: command not found here (type help)`] };
}

/** The server's answers a node terminal needs; a failed request rejects with the server's message. */
export interface ShellRequests {
    ping(source: string, target: string, options?: PingLineOptions): Promise<PingView>;
    node(name: string): Promise<NodeView | undefined>;
}

/** Runs a typed command on `node`: what it prints below the command line the user typed. */
export async function runShellCommand(command: ShellCommand, node: string, requests: ShellRequests, trace: boolean): Promise<ShellOutput> {
    const lines =
        (...text: string[]): ShellOutput =>
        () =>
            text;
    switch (command.kind) {
        case 'empty':
            return () => [];
        case 'error':
            return lines(...command.lines);
        case 'help':
            return lines(
                `This terminal shows what ${node} would print, as nettopo simulates it:`,
                '  ping [-c N] [-b] [-I ADDR|IF] TARGET',
                '                       TARGET an address, a node, or NODE.IFNAME; N 1 to 10',
                '  ip route             the main routing table',
                '  route -n             the same, as net-tools prints it'
            );
        case 'ping':
            try {
                const view = await requests.ping(node, command.target, command.options);
                return (columns) => pingOutput(view, { trace, columns }).lines;
            } catch (error) {
                return lines(`ping: ${error instanceof Error ? error.message : String(error)}`);
            }
        case 'ip-route':
        case 'route-n': {
            const view = await requests.node(node);
            if (!view) return lines(`${node} is no longer in the file`);
            const [ipRoute, routeN] = routeTableOutputs(view);
            return lines(...(command.kind === 'ip-route' ? ipRoute : routeN).lines);
        }
    }
}
