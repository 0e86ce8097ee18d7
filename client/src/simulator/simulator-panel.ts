import * as vscode from 'vscode';
import { State, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
    MATRIX_REQUEST, PING_REQUEST, TOGGLE_FORWARDING_REQUEST, TOPOLOGY_REQUEST, type DocumentEdits, type MatrixView, type PingView,
    type TextRange, type TopologyView
} from '../../../language/src/lsp/net-protocol.js';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../webview/messages.js';
import { simulatorPage } from '../../webview/page.js';
import { base64Bytes, randomNonce } from '../bytes.js';

/** The webview panel type, as the serializer and the `onWebviewPanel` activation event name it. */
export const SIMULATOR_VIEW_TYPE = 'nettopo.simulator';

/** After an edit, the topology is asked again this long after the last keystroke (the server waits for typing to pause as well). */
const REFRESH_DELAY_MS = 30;
/** How long to wait before asking again for a first topology the server could not give yet. */
const RETRY_MS = 250;

/** The built webview files, the only ones the panel may load. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'out', 'webview');
}

/** How a panel is created: scripts on, resources only from the built webview folder. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

const routeHighlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center
});

const toRange = (range: TextRange) => new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);

/**
 * One simulator panel on one `.net` document: it relays the language server's views to the
 * webview, follows the document's edits, and carries out what the webview asks (after validating
 * each message): pings, the matrix, revealing lines, and changes to the file as workspace edits.
 */
export class SimulatorPanel implements vscode.Disposable {
    private static readonly open = new Map<string, SimulatorPanel>();
    private readonly disposables: vscode.Disposable[] = [];
    private topology: TopologyView | undefined;
    private refreshTimer: ReturnType<typeof setTimeout> | undefined;

    /** The panel showing `uri`, if one is open. */
    static of(uri: vscode.Uri): SimulatorPanel | undefined {
        return SimulatorPanel.open.get(uri.toString());
    }

    /** Opens (or reveals) the simulator for a document, beside its editor. */
    static show(document: vscode.TextDocument, client: LanguageClient, extensionUri: vscode.Uri): SimulatorPanel {
        const existing = SimulatorPanel.of(document.uri);
        if (existing) {
            existing.panel.reveal(undefined, true);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(SIMULATOR_VIEW_TYPE, '', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
            webviewOptions(extensionUri));
        return new SimulatorPanel(panel, document, client, extensionUri);
    }

    constructor(readonly panel: vscode.WebviewPanel, readonly document: vscode.TextDocument, private readonly client: LanguageClient, extensionUri: vscode.Uri) {
        const key = document.uri.toString();
        SimulatorPanel.open.get(key)?.dispose();
        SimulatorPanel.open.set(key, this);
        panel.title = `Simulator: ${document.uri.path.split('/').pop()}`;
        panel.iconPath = vscode.Uri.joinPath(extensionUri, 'images', 'file-icon.svg');
        const root = webviewRoot(extensionUri);
        panel.webview.html = simulatorPage({
            script: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'simulator.js')).toString(),
            style: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'simulator-style.css')).toString(),
            cspSource: panel.webview.cspSource,
            nonce: randomNonce()
        });
        this.disposables.push(
            panel.webview.onDidReceiveMessage((raw: unknown) => {
                const message = parseWebviewMessage(raw);
                if (message) void this.handle(message);
            }),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document.uri.toString() === key && event.contentChanges.length) this.scheduleRefresh();
            }),
            panel.onDidDispose(() => this.dispose())
        );
    }

    /** Plays a ping (already simulated by the language server) in this panel. */
    playPing(view: PingView): void {
        this.panel.reveal(undefined, true);
        this.post({ type: 'ping', view });
    }

    dispose(): void {
        const key = this.document.uri.toString();
        if (SimulatorPanel.open.get(key) === this) SimulatorPanel.open.delete(key);
        clearTimeout(this.refreshTimer);
        this.highlight(null);
        this.disposables.splice(0).forEach((disposable) => disposable.dispose());
        this.panel.dispose();
    }

    private post(message: HostMessage): void {
        void this.panel.webview.postMessage(message);
    }

    private get uri(): string {
        return this.client.code2ProtocolConverter.asUri(this.document.uri);
    }

    /** A request about this document; a failure is shown in the webview. `attempts` > 1 retries (see {@link refresh}). */
    private async request<T>(method: string, params: object, attempts = 1): Promise<T | undefined> {
        for (let attempt = 1; ; attempt++) {
            try {
                await this.clientRunning();
                return await this.client.sendRequest<T>(method, { uri: this.uri, ...params });
            } catch (error) {
                if (attempt < attempts) {
                    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
                    continue;
                }
                this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
                return undefined;
            }
        }
    }

    /** A panel restored after a reload asks before the language server has started: it waits for it. */
    private clientRunning(): Promise<void> {
        if (this.client.isRunning()) return Promise.resolve();
        return new Promise((resolve) => {
            const listener = this.client.onDidChangeState((event) => {
                if (event.newState !== State.Running) return;
                listener.dispose();
                resolve();
            });
            this.disposables.push(listener);
        });
    }

    private scheduleRefresh(): void {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
    }

    /** Sends the topology of the document's current text (asking again if the answer is for an older one). */
    private async refresh(): Promise<void> {
        // A panel restored after a reload may ask before the server has been told the document is open.
        const view = await this.request<TopologyView>(TOPOLOGY_REQUEST, {}, this.topology ? 1 : 20);
        if (!view) return;
        if (view.version < this.document.version) {
            this.scheduleRefresh();
            return;
        }
        this.topology = view;
        this.post({ type: 'topology', view });
    }

    private async handle(message: WebviewMessage): Promise<void> {
        switch (message.type) {
            case 'ready':
                return this.refresh();
            case 'ping': {
                const view = await this.request<PingView>(PING_REQUEST, { source: message.source, target: message.target });
                if (view) this.post({ type: 'ping', view });
                return;
            }
            case 'matrix': {
                const view = await this.request<MatrixView>(MATRIX_REQUEST, {});
                if (view) this.post({ type: 'matrix', view });
                return;
            }
            case 'reveal':
                return this.reveal(message.range);
            case 'highlight':
                return this.highlight(message.range);
            case 'toggleForwarding': {
                const edits = await this.request<DocumentEdits>(TOGGLE_FORWARDING_REQUEST, { node: message.node });
                if (edits) await this.applyEdits(edits, `${message.node}'s forwarding`);
                return;
            }
            case 'listFixes': {
                const actions = await this.quickFixes(message.node);
                this.post({ type: 'fixes', node: message.node, titles: actions.map((action) => action.title) });
                return;
            }
            case 'applyFix': {
                const action = (await this.quickFixes(message.node)).find((candidate) => candidate.title === message.title);
                if (!action?.edit) {
                    this.post({ type: 'error', message: `the quick fix “${message.title}” is no longer offered` });
                    return;
                }
                if (!(await vscode.workspace.applyEdit(action.edit))) this.post({ type: 'error', message: `“${message.title}” could not be applied` });
                return;
            }
            case 'export':
                return this.save(message.format, message.data);
        }
    }

    /** Shows a range of the document in its editor (not over the simulator). */
    private async reveal(range: TextRange): Promise<void> {
        const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === this.document);
        const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
        const editor = await vscode.window.showTextDocument(this.document, { viewColumn, selection: toRange(range), preserveFocus: false });
        editor.revealRange(toRange(range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    /** Highlights the route line the current ping step uses, in every editor of the document. */
    private highlight(range: TextRange | null): void {
        for (const editor of vscode.window.visibleTextEditors) {
            if (editor.document !== this.document) continue;
            editor.setDecorations(routeHighlight, range ? [toRange(range)] : []);
            if (range) editor.revealRange(toRange(range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
    }

    /** The quick fixes the language server offers over a node's block (as the light bulb would). */
    private async quickFixes(node: string): Promise<vscode.CodeAction[]> {
        const block = this.topology?.nodes.find((candidate) => candidate.name === node)?.blockRange;
        if (!block) return [];
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
            'vscode.executeCodeActionProvider', this.document.uri, toRange(block), vscode.CodeActionKind.QuickFix.value);
        // Quick fixes with an edit, once per title (a source action such as "fix all" may repeat one).
        const titles = new Set<string>();
        return (actions ?? []).filter((action): action is vscode.CodeAction => {
            if (!('edit' in action) || !action.edit || !action.kind || !vscode.CodeActionKind.QuickFix.contains(action.kind) || titles.has(action.title)) return false;
            titles.add(action.title);
            return true;
        });
    }

    private async applyEdits(edits: DocumentEdits, what: string): Promise<void> {
        const edit = new vscode.WorkspaceEdit();
        const uri = this.client.protocol2CodeConverter.asUri(edits.uri);
        for (const change of edits.edits) edit.replace(uri, toRange(change.range), change.newText);
        if (!(await vscode.workspace.applyEdit(edit))) this.post({ type: 'error', message: `${what} could not be changed` });
    }

    private async save(format: 'svg' | 'png', data: string): Promise<void> {
        const name = this.document.uri.path.split('/').pop()!.replace(/\.net$/, '');
        const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(this.document.uri, '..', `${name}.${format}`),
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] }
        });
        if (!target) return;
        const bytes = format === 'svg' ? new TextEncoder().encode(data) : base64Bytes(data.slice(data.indexOf(',') + 1));
        await vscode.workspace.fs.writeFile(target, bytes);
    }
}
