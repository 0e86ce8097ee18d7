import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { EditTracker } from '../../language/src/lsp/net-edit-tracker.js';
import { registerNetRequests } from '../../language/src/lsp/net-requests.js';
import { registerSimulatorRequests } from '../../language/src/lsp/net-simulator-requests.js';
import { createNetServices } from '../../language/src/net-module.js';

// The language server process: Langium's LSP services over the connection the client opens, and nettopo's own requests.
const connection = createConnection(ProposedFeatures.all);
const { shared } = createNetServices({ connection, ...NodeFileSystem });
// Before the connection listens: the tracker must see every document's first update.
const edits = new EditTracker(shared);
startLanguageServer(shared);
registerNetRequests(connection, shared, edits);
registerSimulatorRequests(connection, shared, edits);
