import * as vscode from 'vscode';

/** What one simulated command printed: the command line after the prompt, then its output. */
export interface CommandOutput {
    readonly command: string;
    readonly lines: readonly string[];
}

/**
 * A terminal "on" one node of one `.net` file: a pseudoterminal with a `NODE$` prompt into which
 * the commands (Run ping, Route table) print what the simulated machine would print. It executes
 * nothing: Enter gives a fresh prompt, Ctrl-D closes it.
 */
class NodeTerminal implements vscode.Pseudoterminal {
    private readonly written = new vscode.EventEmitter<string>();
    private readonly closed = new vscode.EventEmitter<void>();
    readonly onDidWrite = this.written.event;
    readonly onDidClose = this.closed.event;
    /** Output printed before the terminal was opened, written when it is. */
    private pending: string[] | undefined = [];
    readonly terminal: vscode.Terminal;

    constructor(private readonly node: string, name: string, private readonly onClose: () => void) {
        this.terminal = vscode.window.createTerminal({ name, pty: this, iconPath: new vscode.ThemeIcon('terminal') });
        this.write(this.prompt());
    }

    open(): void {
        const pending = this.pending ?? [];
        this.pending = undefined;
        for (const text of pending) this.written.fire(text);
    }

    close(): void {
        this.onClose();
    }

    handleInput(data: string): void {
        if (data === '\x04') {
            this.closed.fire();
            return;
        }
        if (data === '\r') this.write(`\r\n${this.prompt()}`);
        else if (data === '\x03') this.write(`^C\r\n${this.prompt()}`);
    }

    print(output: CommandOutput): void {
        const body = output.lines.map((line) => `${line}\r\n`).join('');
        this.write(`${output.command}\r\n${body}${this.prompt()}`);
    }

    private prompt(): string {
        return `\x1b[1;32m${this.node}\x1b[0m$ `;
    }

    private write(text: string): void {
        if (this.pending) this.pending.push(text);
        else this.written.fire(text);
    }
}

/** The node terminals, one per node and file, made on first use and reused after. */
export class NodeTerminals implements vscode.Disposable {
    private readonly terminals = new Map<string, NodeTerminal>();

    /** Prints the output in the node's terminal and shows it, keeping the focus where it is. */
    print(document: vscode.TextDocument, node: string, outputs: readonly CommandOutput[]): void {
        const key = `${document.uri.toString()}#${node}`;
        let terminal = this.terminals.get(key);
        if (!terminal) {
            const file = document.uri.path.split('/').pop() ?? document.uri.path;
            terminal = new NodeTerminal(node, `${node} (${file})`, () => this.terminals.delete(key));
            this.terminals.set(key, terminal);
        }
        for (const output of outputs) terminal.print(output);
        terminal.terminal.show(true);
    }

    dispose(): void {
        for (const terminal of this.terminals.values()) terminal.terminal.dispose();
        this.terminals.clear();
    }
}
