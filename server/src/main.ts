import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createNetServices } from '../../language/src/net-module.js';
import { registerSimulatorRequests } from '../../language/src/lsp/net-simulator-requests.js';

// The language server process: Langium's LSP services over the connection the client opens.
const connection = createConnection(ProposedFeatures.all);
const { shared } = createNetServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
registerSimulatorRequests(connection, shared);
