import { DocumentState } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { ModelledDocument } from '../net-document.js';
import { toggleForwardingEdits } from '../views/forwarding-toggle.js';
import { buildMatrixView } from '../views/matrix-view.js';
import { buildTopologyView } from '../views/topology-view.js';
import { linkedDocument, modelledDocument } from './net-requests.js';
import {
    MATRIX_REQUEST, TOGGLE_FORWARDING_REQUEST, TOPOLOGY_REQUEST, type DocumentEdits, type MatrixParams, type MatrixView, type ToggleForwardingParams,
    type TopologyParams, type TopologyView
} from './net-protocol.js';

/**
 * Registers the simulator's requests on the connection: `nettopo/topology`, `nettopo/matrix` and
 * `nettopo/toggleForwarding`. Each answers for the document's current text once it is validated
 * (the topology carries its diagnostics).
 */
export function registerSimulatorRequests(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(TOPOLOGY_REQUEST, (params: TopologyParams, token): Promise<TopologyView | ResponseError> =>
        withValidatedDocument(shared, params?.uri, token, buildTopologyView));
    connection.onRequest(MATRIX_REQUEST, (params: MatrixParams, token): Promise<MatrixView | ResponseError> =>
        withValidatedDocument(shared, params?.uri, token, buildMatrixView));
    connection.onRequest(TOGGLE_FORWARDING_REQUEST, async (params: ToggleForwardingParams, token): Promise<DocumentEdits | ResponseError> => {
        if (typeof params?.node !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'nettopo/toggleForwarding needs a node');
        const edits = await withValidatedDocument(shared, params.uri, token, (document) => toggleForwardingEdits(document, params.node));
        return edits instanceof ResponseError || !('error' in edits) ? edits : new ResponseError(ErrorCodes.InvalidParams, edits.error);
    });
}

async function withValidatedDocument<T>(
    shared: LangiumSharedServices, uri: unknown, token: CancellationToken, build: (document: ModelledDocument) => T
): Promise<T | ResponseError> {
    const document = await linkedDocument(shared, uri, token, DocumentState.Validated);
    return document instanceof ResponseError ? document : build(modelledDocument(shared, document));
}
