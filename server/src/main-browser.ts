import { EmptyFileSystem } from 'langium';
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser.js';
import { startNetServer } from './start-server.js';

// The language server in a web worker (the web extension's): the same server over the worker's
// messages, with the same (proposed) protocol features as the Node process (main.ts), so both hosts
// offer the same (test/server/browser-server.test.ts). No file system: the server reads only the
// texts the editor sends.
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];
startNetServer((options) => createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self), options), EmptyFileSystem);
