import * as vscode from 'vscode';

/** What one simulated command printed: the command line after the prompt, then its output. */
export interface CommandOutput {
    readonly command: string;
    readonly lines: readonly string[];
}

/** Lays out commands' output for a terminal `columns` wide (unknown until the terminal opens). */
export type RenderOutput = (columns: number | undefined) => readonly CommandOutput[];

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
    /** Output printed before the terminal was opened, laid out and written when it is. */
    private pending: RenderOutput[] | undefined = [];
    private columns: number | undefined;
    readonly terminal: vscode.Terminal;

    constructor(private readonly node: string, name: string) {
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
        if (data === '\x04') {
            this.closed.fire();
            return;
        }
        if (data === '\r') this.written.fire(`\r\n${this.prompt()}`);
        else if (data === '\x03') this.written.fire(`^C\r\n${this.prompt()}`);
    }

    print(render: RenderOutput): void {
        if (this.pending) this.pending.push(render);
        else this.write(render);
    }

    private write(render: RenderOutput): void {
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
            terminal = new NodeTerminal(node, `${node} (${file})`);
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
