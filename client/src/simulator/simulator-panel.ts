import * as vscode from 'vscode';
import {
    DidOpenTextDocumentNotification,
    LSPErrorCodes,
    ResponseError,
    State,
    WorkDoneProgress,
    type BaseLanguageClient as LanguageClient
} from 'vscode-languageclient';
import {
    MATRIX_REQUEST,
    PING_REQUEST,
    TOGGLE_FORWARDING_REQUEST,
    TOPOLOGY_REQUEST,
    type DocumentEdits,
    type MatrixParams,
    type MatrixView,
    type PingView,
    type TextRange,
    type TopologyView,
    type ValidatedParams
} from '../../../language/src/lsp/net-protocol.js';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../webview/messages.js';
import { simulatorPage } from '../../webview/page.js';
import { base64Bytes, randomNonce } from '../bytes.js';

/** The webview panel type, as the serializer and the `onWebviewPanel` activation event name it. */
export const SIMULATOR_VIEW_TYPE = 'nettopo.simulator';

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
 * webview, redraws when the server says the document is validated (`nettopo/validated`, see
 * {@link validated}), and carries out what the webview asks (after validating each message):
 * pings, the matrix (cancellable, with progress), revealing lines, and changes to the file as
 * workspace edits.
 */
export class SimulatorPanel implements vscode.Disposable {
    private static readonly open = new Map<string, SimulatorPanel>();
    private readonly disposables: vscode.Disposable[] = [];
    private topology: TopologyView | undefined;
    /** The topology request under way, and whether a newer validation came meanwhile (asked once it is answered). */
    private refreshing: Promise<void> | undefined;
    private refreshAgain = false;
    /** The matrix request under way: a newer one, or the user, cancels it. */
    private matrix: vscode.CancellationTokenSource | undefined;
    private matrixRequests = 0;

    /** The panel showing `uri`, if one is open. */
    static of(uri: vscode.Uri): SimulatorPanel | undefined {
        return SimulatorPanel.open.get(uri.toString());
    }

    /** The server has validated a document (`nettopo/validated`): the panel on it redraws if that is newer than what it shows. */
    static validated(client: LanguageClient, params: ValidatedParams): void {
        const panel = SimulatorPanel.of(client.protocol2CodeConverter.asUri(params.uri));
        if (panel && params.version > (panel.topology?.version ?? -1)) panel.refresh();
    }

    /** Opens (or reveals) the simulator for a document, beside its editor. */
    static show(document: vscode.TextDocument, client: LanguageClient, extensionUri: vscode.Uri): SimulatorPanel {
        const existing = SimulatorPanel.of(document.uri);
        if (existing) {
            existing.panel.reveal(undefined, true);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(
            SIMULATOR_VIEW_TYPE,
            '',
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
            webviewOptions(extensionUri)
        );
        return new SimulatorPanel(panel, document, client, extensionUri);
    }

    constructor(
        readonly panel: vscode.WebviewPanel,
        readonly document: vscode.TextDocument,
        private readonly client: LanguageClient,
        extensionUri: vscode.Uri
    ) {
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
        this.matrix?.cancel();
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

    /** A request about this document; a failure is shown in the webview. */
    private async request<T>(method: string, params: object): Promise<T | undefined> {
        try {
            await this.documentSynced();
            return await this.client.sendRequest<T>(method, { uri: this.uri, ...params });
        } catch (error) {
            this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
            return undefined;
        }
    }

    /**
     * Resolves once the client has told the server about the document (didOpen). A panel restored
     * after a reload exists before the language server has started, and the client's state turns
     * Running before it opens the documents: a request sent then would find no document.
     */
    private async documentSynced(): Promise<void> {
        const feature = this.client.getFeature(DidOpenTextDocumentNotification.method);
        const key = this.document.uri.toString();
        const synced = () => [...feature.openDocuments].some((document) => document.uri.toString() === key);
        if (this.client.isRunning() && synced()) return;
        await new Promise<void>((resolve) => {
            const listeners = [
                feature.onNotificationSent((event) => {
                    if (event.textDocument.uri.toString() === key) done();
                }),
                this.client.onDidChangeState((event) => {
                    if (event.newState === State.Running && synced()) done();
                })
            ];
            const done = () => {
                listeners.forEach((listener) => listener.dispose());
                resolve();
            };
            this.disposables.push(...listeners);
        });
    }

    /** Sends the topology of the document's validated text (one request at a time; a validation meanwhile asks again after it). */
    private refresh(): void {
        if (this.refreshing) {
            this.refreshAgain = true;
            return;
        }
        this.refreshing = (async () => {
            do {
                this.refreshAgain = false;
                const view = await this.request<TopologyView>(TOPOLOGY_REQUEST, {});
                if (view && view.version > (this.topology?.version ?? -1)) {
                    this.topology = view;
                    this.post({ type: 'topology', view });
                }
            } while (this.refreshAgain);
        })().finally(() => {
            this.refreshing = undefined;
        });
    }

    /**
     * Asks for the matrix (cancelling the one under way), relaying the server's progress; a
     * matrix the server cancelled because the file changed is reported as such.
     */
    private async requestMatrix(): Promise<void> {
        this.matrix?.cancel();
        const source = new vscode.CancellationTokenSource();
        this.matrix = source;
        const workDoneToken = `nettopo-matrix-${++this.matrixRequests}`;
        const progress = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind !== 'end' && !source.token.isCancellationRequested) {
                this.post({ type: 'matrixProgress', percentage: value.percentage ?? 0, message: value.message ?? '' });
            }
        });
        try {
            await this.documentSynced();
            const params: MatrixParams = { uri: this.uri, workDoneToken };
            const view = await this.client.sendRequest<MatrixView>(MATRIX_REQUEST, params, source.token);
            this.post({ type: 'matrix', view });
        } catch (error) {
            if (source.token.isCancellationRequested) return;
            const changed = error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled;
            this.post({
                type: 'matrixCancelled',
                reason: changed
                    ? 'The file changed before the matrix was done.'
                    : `The matrix failed: ${error instanceof Error ? error.message : String(error)}`
            });
        } finally {
            progress.dispose();
            source.dispose();
            if (this.matrix === source) this.matrix = undefined;
        }
    }

    private async handle(message: WebviewMessage): Promise<void> {
        switch (message.type) {
            case 'ready':
                // A webview reloaded (or restored) draws from scratch.
                this.topology = undefined;
                return this.refresh();
            case 'ping': {
                const view = await this.request<PingView>(PING_REQUEST, { source: message.source, target: message.target });
                if (view) this.post({ type: 'ping', view });
                return;
            }
            case 'matrix':
                return this.requestMatrix();
            case 'cancelMatrix':
                this.matrix?.cancel();
                return;
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
            'vscode.executeCodeActionProvider',
            this.document.uri,
            toRange(block),
            vscode.CodeActionKind.QuickFix.value
        );
        // Quick fixes with an edit, once per title (a source action such as "fix all" may repeat one).
        const titles = new Set<string>();
        return (actions ?? []).filter((action): action is vscode.CodeAction => {
            if (!('edit' in action) || !action.edit || !action.kind || !vscode.CodeActionKind.QuickFix.contains(action.kind) || titles.has(action.title))
                return false;
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
        const name = this.document.uri.path
            .split('/')
            .pop()!
            .replace(/\.[^.]*$/, '');
        const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(this.document.uri, '..', `${name}.${format}`),
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] }
        });
        if (!target) return;
        const bytes = format === 'svg' ? new TextEncoder().encode(data) : base64Bytes(data.slice(data.indexOf(',') + 1));
        await vscode.workspace.fs.writeFile(target, bytes);
    }
}
