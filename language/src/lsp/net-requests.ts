import { DocumentState, isOperationCancelled, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { Topology } from '../generated/ast.js';
import { originsIn, type ModelledDocument } from '../net-document.js';
import type { NetServices } from '../net-module.js';
import type { EditTracker } from './net-edit-tracker.js';
import { buildPingView } from '../views/ping-view.js';
import { PING_REQUEST, type PingParams, type PingView } from './net-protocol.js';

/** Registers nettopo's own requests (see net-protocol.ts) on the language server's connection. */
export function registerNetRequests(connection: Connection, shared: LangiumSharedServices, edits: EditTracker): void {
    connection.onRequest(PING_REQUEST, async (params: PingParams, token: CancellationToken): Promise<PingView | ResponseError> => {
        const document = await linkedDocument(shared, edits, params?.uri, token);
        if (document instanceof ResponseError) return document;
        if (typeof params.source !== 'string' || typeof params.target !== 'string') {
            return new ResponseError(ErrorCodes.InvalidParams, 'nettopo/ping needs a source and a target');
        }
        const view = buildPingView(modelledDocument(shared, document), params.source, params.target, params);
        return 'error' in view ? new ResponseError(ErrorCodes.InvalidParams, view.error) : view;
    });
}

/** The document with its lab's model (the origins of its own lines), from its language's services; the pings are simulated only when read. */
export function modelledDocument(shared: LangiumSharedServices, document: LangiumDocument<Topology>): ModelledDocument {
    const { DocumentModels, PingRuns } = (shared.ServiceRegistry.getServices(document.uri) as NetServices).model;
    const model = DocumentModels.get(document);
    return {
        document,
        ...model,
        // The views place only this file's lines (the lab's other files have their own ranges).
        origins: originsIn(document, model.origins),
        get pingRuns() {
            return PingRuns.get(document);
        }
    };
}

/**
 * The document at `uri` once it is parsed and linked (or has reached `state`, e.g. Validated) in
 * the editor's current text — a request that arrives right after an edit waits for that edit's
 * rebuild, a document the editor has opened but the builder not yet taken in is waited for — or
 * the error to answer with.
 */
export async function linkedDocument(
    shared: LangiumSharedServices,
    edits: EditTracker,
    uri: unknown,
    token: CancellationToken,
    state = DocumentState.Linked
): Promise<LangiumDocument<Topology> | ResponseError> {
    if (typeof uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'the request needs the uri of a .net document');
    const parsed = URI.parse(uri);
    const documents = shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(parsed) && !shared.workspace.TextDocuments.get(parsed)) {
        return new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open in the language server`);
    }
    try {
        // Each wait is for an event: the update that takes the editor's text in, then its build (an edit meanwhile: again).
        do {
            await edits.takenIn(parsed, token);
            await shared.workspace.DocumentBuilder.waitUntil(state, parsed, token);
        } while (edits.isBehind(parsed));
    } catch (error) {
        if (error instanceof ResponseError) return error;
        if (isOperationCancelled(error)) return new ResponseError(LSPErrorCodes.RequestCancelled, 'the request was cancelled');
        throw error;
    }
    return documents.getDocument(parsed) as LangiumDocument<Topology>;
}
