import { URI, type DefaultSharedCoreModuleContext } from 'langium';
import { startLanguageServer, type LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions } from 'vscode-languageserver';
import { EditTracker } from '../../language/src/lsp/net-edit-tracker.js';
import { registerNetRequests } from '../../language/src/lsp/net-requests.js';
import { registerSimulatorRequests } from '../../language/src/lsp/net-simulator-requests.js';
import { createNetServices } from '../../language/src/net-module.js';
import { requestProblem } from './request-checks.js';

/** Where a request whose parameters are wrong is sent instead, to be answered with what is wrong (same id). */
const REFUSED_REQUEST = 'nettopo/$refused';

/**
 * Langium's LSP services and nettopo's own requests over a connection: the one server both hosts
 * start, the Node process (main.ts: stdio, IPC, socket) and the web worker (main-browser.ts), each
 * creating its connection with the options given. Every request is checked before a provider sees
 * it (request-checks.ts). The file system is the host's (Node's, or none in a browser: the server
 * reads only the texts the editor sends); `registerHostRequests` adds the requests only a host
 * with a file system answers (the Node process's import).
 */
export function startNetServer(
    connect: (options: ConnectionOptions) => Connection,
    fileSystem: DefaultSharedCoreModuleContext,
    registerHostRequests: (connection: Connection) => void = () => {}
): void {
    // Set once the connection exists; a message can only arrive after that.
    const services: { shared?: LangiumSharedServices } = {};
    const isOpen = (uri: string): boolean => {
        if (services.shared?.workspace.TextDocuments?.get(uri) !== undefined) return true;
        try {
            return services.shared?.workspace.LangiumDocuments.hasDocument(URI.parse(uri)) === true;
        } catch {
            return false; // not a URI
        }
    };
    const connection = connect({
        messageStrategy: {
            handleMessage(message, next) {
                const problem = Message.isRequest(message) ? requestProblem(message.method, message.params, isOpen) : undefined;
                next(problem === undefined ? message : ({ ...message, method: REFUSED_REQUEST, params: { problem } } as Message));
            }
        }
    });
    const { shared } = createNetServices({ connection, ...fileSystem });
    services.shared = shared;
    // Before the connection listens: the tracker must see every document's first update.
    const edits = new EditTracker(shared);
    startLanguageServer(shared);
    connection.onRequest(REFUSED_REQUEST, ({ problem }: { problem: string }) => new ResponseError(ErrorCodes.InvalidParams, problem));
    registerNetRequests(connection, shared, edits);
    registerSimulatorRequests(connection, shared, edits);
    registerHostRequests(connection);
}
