import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { registerNetRequests } from '../../language/src/lsp/net-requests.js';
import { registerSimulatorRequests } from '../../language/src/lsp/net-simulator-requests.js';
import { createNetServices } from '../../language/src/net-module.js';

// The language server process: Langium's LSP services over the connection the client opens, and nettopo's own requests.
const connection = createConnection(ProposedFeatures.all);
const { shared } = createNetServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
registerNetRequests(connection, shared);
registerSimulatorRequests(connection, shared);
