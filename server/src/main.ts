import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { registerImportRequests } from './import-requests.js';
import { startNetServer } from './start-server.js';
import { SERVER_USAGE, transportProblem } from './transport-args.js';

// The language server process (also the package's `nettopo-language-server` command): the client
// names the transport (--stdio, --node-ipc, --socket=PORT, --pipe=NAME), as vscode-languageserver reads it.
const args = process.argv.slice(2);
if (args.includes('--help')) {
    process.stdout.write(SERVER_USAGE);
    process.exit(0);
}
const problem = transportProblem(args);
if (problem) {
    process.stderr.write(problem);
    process.exit(2);
}
startNetServer((options) => createConnection(ProposedFeatures.all, options), NodeFileSystem, registerImportRequests);
