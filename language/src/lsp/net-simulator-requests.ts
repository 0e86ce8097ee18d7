import { DocumentState, isOperationCancelled } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgress, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { ModelledDocument } from '../net-document.js';
import { toggleForwardingEdits } from '../views/forwarding-toggle.js';
import { buildMatrixView, type MatrixProgress } from '../views/matrix-view.js';
import { buildTopologyView } from '../views/topology-view.js';
import { linkedDocument, modelledDocument } from './net-requests.js';
import type { EditTracker } from './net-edit-tracker.js';
import {
    MATRIX_REQUEST,
    TOGGLE_FORWARDING_REQUEST,
    TOPOLOGY_REQUEST,
    VALIDATED_NOTIFICATION,
    type DocumentEdits,
    type MatrixParams,
    type MatrixView,
    type ToggleForwardingParams,
    type TopologyParams,
    type TopologyView,
    type ValidatedParams
} from './net-protocol.js';
import { RequestRuns } from './net-request-runs.js';

/**
 * Registers the simulator's side of the connection: the `nettopo/validated` notification it redraws
 * on, and the requests `nettopo/topology`, `nettopo/matrix` and `nettopo/toggleForwarding`. Each
 * answers for the document's current text once it is validated (the topology carries its diagnostics).
 */
export function registerSimulatorRequests(connection: Connection, shared: LangiumSharedServices, edits: EditTracker): void {
    const validated = <T>(uri: unknown, token: CancellationToken, build: (document: ModelledDocument) => T) =>
        withValidatedDocument(shared, edits, uri, token, build);
    shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, (document) => {
        // Only documents open in the editor, and only for the editor's text (a newer edit is validated next).
        const text = shared.workspace.TextDocuments.get(document.uri);
        if (!text || edits.isBehind(document.uri)) return;
        const params: ValidatedParams = { uri: document.uri.toString(), version: text.version };
        void connection.sendNotification(VALIDATED_NOTIFICATION, params);
    });
    connection.onRequest(TOPOLOGY_REQUEST, (params: TopologyParams, token): Promise<TopologyView | ResponseError> =>
        validated(params?.uri, token, buildTopologyView)
    );
    const matrices = new RequestRuns(shared);
    connection.onRequest(MATRIX_REQUEST, async (params: MatrixParams, token): Promise<MatrixView | ResponseError> => {
        const run = matrices.start(params?.uri, token);
        const progress = params?.workDoneToken === undefined ? undefined : progressReporter(connection, params.workDoneToken);
        try {
            const view = await validated(params?.uri, run.token, (document) => {
                run.computing();
                return buildMatrixView(document, run.token, progress?.report);
            });
            return await view;
        } catch (error) {
            if (isOperationCancelled(error))
                return new ResponseError(LSPErrorCodes.RequestCancelled, 'the matrix was cancelled (asked again, or the file changed)');
            throw error;
        } finally {
            progress?.end();
            run.end();
        }
    });
    connection.onRequest(TOGGLE_FORWARDING_REQUEST, async (params: ToggleForwardingParams, token): Promise<DocumentEdits | ResponseError> => {
        if (typeof params?.node !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'nettopo/toggleForwarding needs a node');
        const result = await validated(params.uri, token, (document) => toggleForwardingEdits(document, params.node));
        return result instanceof ResponseError || !('error' in result) ? result : new ResponseError(ErrorCodes.InvalidParams, result.error);
    });
}

async function withValidatedDocument<T>(
    shared: LangiumSharedServices,
    edits: EditTracker,
    uri: unknown,
    token: CancellationToken,
    build: (document: ModelledDocument) => T
): Promise<T | ResponseError> {
    const document = await linkedDocument(shared, edits, uri, token, DocumentState.Validated);
    return document instanceof ResponseError ? document : build(modelledDocument(shared, document));
}

/** LSP work-done progress on the client's token: begun at once, a report per percent, ended when the request is. */
function progressReporter(connection: Connection, token: string | number): { report: MatrixProgress; end: () => void } {
    void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title: 'Reachability matrix', cancellable: true, percentage: 0 });
    return {
        report: (done, total) =>
            void connection.sendProgress(WorkDoneProgress.type, token, {
                kind: 'report',
                percentage: total === 0 ? 100 : Math.floor((done * 100) / total),
                message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} pings`
            }),
        end: () => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end' })
    };
}
