import * as vscode from 'vscode';
import type { RenderOutput } from './command-output.js';
import { parseShellCommand, runShellCommand, type ShellRequests } from './node-shell.js';

/**
 * A terminal "on" one node of one `.net` file: a pseudoterminal with a `NODE$` prompt into which
 * the commands (Run ping, Route table) print what the simulated machine would print. At the prompt
 * the user can type `ping TARGET`, `ip route`, `route -n` (see node-shell.ts); nothing is executed
 * on this machine. Ctrl-C drops the line, Ctrl-D closes the terminal.
 */
class NodeTerminal implements vscode.Pseudoterminal {
    private readonly written = new vscode.EventEmitter<string>();
    private readonly closed = new vscode.EventEmitter<void>();
    readonly onDidWrite = this.written.event;
    readonly onDidClose = this.closed.event;
    /** Output printed before the terminal was opened, laid out and written when it is. */
    private pending: RenderOutput[] | undefined = [];
    private columns: number | undefined;
    readonly terminal: vscode.Terminal;

    /** What is typed after the prompt; undefined while a typed command runs. */
    private line: string | undefined = '';

    constructor(
        private readonly node: string,
        name: string,
        private readonly document: vscode.TextDocument,
        private readonly requests: ShellRequests
    ) {
        this.terminal = vscode.window.createTerminal({ name, pty: this, iconPath: new vscode.ThemeIcon('terminal') });
    }

    open(dimensions: vscode.TerminalDimensions | undefined): void {
        this.columns = dimensions?.columns;
        const pending = this.pending ?? [];
        this.pending = undefined;
        this.written.fire(this.prompt());
        for (const render of pending) this.write(render);
    }

    setDimensions(dimensions: vscode.TerminalDimensions): void {
        this.columns = dimensions.columns;
    }

    close(): void {
        // The terminal is gone; NodeTerminals forgets it when VS Code says so.
    }

    handleInput(data: string): void {
        // Keys come one by one, a paste as one string; escape sequences (arrows...) are not edited.
        if (data.startsWith('\x1b')) return;
        for (const key of data) {
            if (key === '\x04') {
                this.closed.fire();
                return;
            }
            if (this.line === undefined) return;
            if (key === '\r') {
                void this.execute(this.line);
            } else if (key === '\x03') {
                this.line = '';
                this.written.fire(`^C\r\n${this.prompt()}`);
            } else if (key === '\x7f') {
                if (this.line) this.written.fire('\b \b');
                this.line = this.line.slice(0, -1);
            } else if (key >= ' ') {
                this.line += key;
                this.written.fire(key);
            }
        }
    }

    private async execute(line: string): Promise<void> {
        this.line = undefined;
        this.written.fire('\r\n');
        const trace = vscode.workspace.getConfiguration('nettopo', this.document).get<boolean>('ping.showTrace', true);
        let lines: readonly string[];
        try {
            lines = (await runShellCommand(parseShellCommand(line), this.node, this.requests, trace))(this.columns);
        } catch (error) {
            lines = [`nettopo: ${error instanceof Error ? error.message : String(error)}`];
        }
        this.line = '';
        this.written.fire(`${lines.map((text) => `${text}\r\n`).join('')}${this.prompt()}`);
    }

    print(render: RenderOutput): void {
        if (this.pending) this.pending.push(render);
        else this.write(render);
    }

    private write(render: RenderOutput): void {
        // A command from the editor replaces what was being typed.
        if (this.line) this.written.fire(`^C\r\n${this.prompt()}`);
        this.line = '';
        for (const output of render(this.columns)) {
            const body = output.lines.map((line) => `${line}\r\n`).join('');
            this.written.fire(`${output.command}\r\n${body}${this.prompt()}`);
        }
    }

    private prompt(): string {
        return `\x1b[1;32m${this.node}\x1b[0m$ `;
    }
}

/** The node terminals, one per node and file, made on first use and reused after. */
export class NodeTerminals implements vscode.Disposable {
    private readonly terminals = new Map<string, NodeTerminal>();

    /** `requests` answers what is typed in the terminals of a document. */
    constructor(private readonly requests: (document: vscode.TextDocument) => ShellRequests) {}

    // However a terminal ends (its trash icon, Kill All, Ctrl-D), the next command makes a new one.
    private readonly closing = vscode.window.onDidCloseTerminal((closed) => {
        for (const [key, terminal] of this.terminals) if (terminal.terminal === closed) this.terminals.delete(key);
    });

    /** Prints the output in the node's terminal and shows it, keeping the focus where it is. */
    print(document: vscode.TextDocument, node: string, render: RenderOutput): void {
        const key = `${document.uri.toString()}#${node}`;
        let terminal = this.terminals.get(key);
        if (!terminal) {
            const file = document.uri.path.split('/').pop() ?? document.uri.path;
            terminal = new NodeTerminal(node, `${node} (${file})`, document, this.requests(document));
            this.terminals.set(key, terminal);
        }
        terminal.print(render);
        terminal.terminal.show(true);
    }

    dispose(): void {
        this.closing.dispose();
        for (const terminal of this.terminals.values()) terminal.terminal.dispose();
        this.terminals.clear();
    }
}
