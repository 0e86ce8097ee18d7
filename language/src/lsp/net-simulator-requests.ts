import { DocumentState, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { Topology as TopologyAst } from '../generated/ast.js';
import { buildMatrixView } from '../views/matrix-view.js';
import { buildTopologyView } from '../views/topology-view.js';
import { MATRIX_REQUEST, TOPOLOGY_REQUEST, type MatrixParams, type MatrixView, type TopologyParams, type TopologyView } from './net-protocol.js';

/** JSON-RPC's "invalid params": the request names no open `.net` document. */
const INVALID_PARAMS = -32602;

/**
 * Registers the simulator's custom requests on the connection: `nettopo/topology` and
 * `nettopo/matrix`. Each answers for the document's current text, once it is validated.
 */
export function registerSimulatorRequests(connection: Connection, shared: LangiumSharedCoreServices): void {
    connection.onRequest(TOPOLOGY_REQUEST, (params: TopologyParams, cancel): Promise<TopologyView> =>
        withDocument(shared, params, cancel, buildTopologyView));
    connection.onRequest(MATRIX_REQUEST, (params: MatrixParams, cancel): Promise<MatrixView> =>
        withDocument(shared, params, cancel, buildMatrixView));
}

/**
 * Runs `build` on the validated document `params.uri` names (waiting for a build under way).
 * Shared by the custom requests that take `{ uri }`.
 */
export async function withDocument<T>(
    shared: LangiumSharedCoreServices, params: { readonly uri?: unknown }, cancel: CancellationToken,
    build: (document: LangiumDocument<TopologyAst>) => T
): Promise<T> {
    if (typeof params?.uri !== 'string') throw new ResponseError(INVALID_PARAMS, 'the request needs the uri of a .net document');
    const uri = URI.parse(params.uri);
    const { DocumentBuilder, LangiumDocuments, WorkspaceManager } = shared.workspace;
    await WorkspaceManager.ready;
    if (!LangiumDocuments.hasDocument(uri)) throw new ResponseError(INVALID_PARAMS, `${params.uri} is not an open .net document`);
    await DocumentBuilder.waitUntil(DocumentState.Validated, uri, cancel);
    return build(LangiumDocuments.getDocument(uri) as LangiumDocument<TopologyAst>);
}
