import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
    PING_REQUEST,
    TOPOLOGY_REQUEST,
    type PingLineOptions,
    type PingParams,
    type PingView,
    type TopologyParams,
    type TopologyView
} from '../../language/src/lsp/net-protocol.js';
import type { ShellRequests } from './node-shell.js';

// The custom requests of net-protocol.ts, typed. For the commands, a failure (an unknown node, a
// server error) is shown to the user and gives undefined; a node terminal prints it instead.

function topology(client: LanguageClient, document: vscode.TextDocument): Promise<TopologyView> {
    const params: TopologyParams = { uri: client.code2ProtocolConverter.asUri(document.uri) };
    return client.sendRequest<TopologyView>(TOPOLOGY_REQUEST, params);
}

function ping(client: LanguageClient, document: vscode.TextDocument, source: string, target: string, options: PingLineOptions = {}): Promise<PingView> {
    const params: PingParams = { ...options, uri: client.code2ProtocolConverter.asUri(document.uri), source, target };
    return client.sendRequest<PingView>(PING_REQUEST, params);
}

export function requestTopology(client: LanguageClient, document: vscode.TextDocument): Promise<TopologyView | undefined> {
    return send(topology(client, document));
}

export function requestPing(
    client: LanguageClient,
    document: vscode.TextDocument,
    source: string,
    target: string,
    options?: PingLineOptions
): Promise<PingView | undefined> {
    return send(ping(client, document, source, target, options));
}

/** What the node terminals of a document ask the server for what is typed in them. */
export function shellRequests(client: LanguageClient, document: vscode.TextDocument): ShellRequests {
    return {
        ping: (source, target, options) => ping(client, document, source, target, options),
        node: async (name) => (await topology(client, document)).nodes.find((node) => node.name === name)
    };
}

async function send<T>(request: Promise<T>): Promise<T | undefined> {
    try {
        return await request;
    } catch (error) {
        void vscode.window.showErrorMessage(`nettopo: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}
