import type { DefaultSharedCoreModuleContext } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { registerNetRequests } from '../../language/src/lsp/net-requests.js';
import { registerSimulatorRequests } from '../../language/src/lsp/net-simulator-requests.js';
import { createNetServices } from '../../language/src/net-module.js';

/**
 * Langium's LSP services and nettopo's own requests over a connection: the one server both hosts
 * start, the Node process (main.ts: stdio, IPC, socket) and the web worker (main-browser.ts).
 * The file system is the host's (Node's, or none in a browser: the server reads only the texts
 * the editor sends).
 */
export function startNetServer(connection: Connection, fileSystem: DefaultSharedCoreModuleContext): void {
    const { shared } = createNetServices({ connection, ...fileSystem });
    startLanguageServer(shared);
    registerNetRequests(connection, shared);
    registerSimulatorRequests(connection, shared);
}
