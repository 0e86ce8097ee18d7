import { DocumentState, isOperationCancelled, OperationCancelled, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type Disposable } from 'vscode-languageserver';
import type { Topology } from '../generated/ast.js';
import type { ModelledDocument } from '../net-document.js';
import type { NetServices } from '../net-module.js';
import { buildPingView } from '../views/ping-view.js';
import { PING_REQUEST, type PingParams, type PingView } from './net-protocol.js';

/** Registers nettopo's own requests (see net-protocol.ts) on the language server's connection. */
export function registerNetRequests(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(PING_REQUEST, async (params: PingParams, token: CancellationToken): Promise<PingView | ResponseError> => {
        const document = await linkedDocument(shared, params?.uri, token);
        if (document instanceof ResponseError) return document;
        if (typeof params.source !== 'string' || typeof params.target !== 'string') {
            return new ResponseError(ErrorCodes.InvalidParams, 'nettopo/ping needs a source and a target');
        }
        const view = buildPingView(modelledDocument(shared, document), params.source, params.target);
        return 'error' in view ? new ResponseError(ErrorCodes.InvalidParams, view.error) : view;
    });
}

/** The document with its model, from its language's services; the pings are simulated only when read. */
export function modelledDocument(shared: LangiumSharedServices, document: LangiumDocument<Topology>): ModelledDocument {
    const { DocumentModels, PingRuns } = (shared.ServiceRegistry.getServices(document.uri) as NetServices).model;
    return {
        document, ...DocumentModels.get(document),
        get pingRuns() {
            return PingRuns.get(document);
        }
    };
}

/**
 * The document at `uri` once it is parsed and linked (or has reached `state`, e.g. Validated) in
 * its current text — a request that arrives right after an edit waits for that edit's rebuild —
 * or the error to answer with.
 */
export async function linkedDocument(
    shared: LangiumSharedServices, uri: unknown, token: CancellationToken, state = DocumentState.Linked
): Promise<LangiumDocument<Topology> | ResponseError> {
    if (typeof uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'the request needs the uri of a .net document');
    const parsed = URI.parse(uri);
    const documents = shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(parsed)) return new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open in the language server`);
    try {
        // A build still busy with an older text holds the edit back; wait until the edit resets the document.
        if (isStale(documents.getDocument(parsed), shared.workspace.TextDocuments?.get(uri)?.getText())) await nextUpdate(shared, token);
        await shared.workspace.DocumentBuilder.waitUntil(state, parsed, token);
    } catch (error) {
        if (error instanceof ResponseError) return error;
        if (isOperationCancelled(error)) return new ResponseError(LSPErrorCodes.RequestCancelled, 'the request was cancelled');
        throw error;
    }
    return documents.getDocument(parsed) as LangiumDocument<Topology>;
}

/** A document parsed (or being linked) from another text than the editor's. */
function isStale(document: LangiumDocument | undefined, text: string | undefined): boolean {
    if (!document || text === undefined || document.state < DocumentState.Parsed) return false;
    return document.parseResult.value.$cstNode?.root.fullText !== text;
}

/** The builder's next update (the edit being taken in), or at most a second, whichever comes first. */
function nextUpdate(shared: LangiumSharedServices, token: CancellationToken): Promise<void> {
    return new Promise((resolve, reject) => {
        const listeners: Disposable[] = [];
        const timer = setTimeout(() => settle(resolve), 1_000);
        const settle = (end: () => void) => {
            clearTimeout(timer);
            listeners.forEach((listener) => listener.dispose());
            end();
        };
        listeners.push(shared.workspace.DocumentBuilder.onUpdate(() => settle(resolve)));
        listeners.push(token.onCancellationRequested(() => settle(() => reject(OperationCancelled))));
    });
}
