import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import {
    PING_REQUEST, TOPOLOGY_REQUEST, type PingParams, type PingView, type TopologyParams, type TopologyView
} from '../../language/src/lsp/net-protocol.js';

// The custom requests of net-protocol.ts, typed. A failure (an unknown node, a server error) is
// shown to the user and gives undefined.

export function requestTopology(client: LanguageClient, document: vscode.TextDocument): Promise<TopologyView | undefined> {
    const params: TopologyParams = { uri: client.code2ProtocolConverter.asUri(document.uri) };
    return send(client.sendRequest<TopologyView>(TOPOLOGY_REQUEST, params));
}

export function requestPing(client: LanguageClient, document: vscode.TextDocument, source: string, target: string): Promise<PingView | undefined> {
    const params: PingParams = { uri: client.code2ProtocolConverter.asUri(document.uri), source, target };
    return send(client.sendRequest<PingView>(PING_REQUEST, params));
}

async function send<T>(request: Promise<T>): Promise<T | undefined> {
    try {
        return await request;
    } catch (error) {
        void vscode.window.showErrorMessage(`nettopo: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}
