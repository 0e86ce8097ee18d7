import { EmptyFileSystem } from 'langium';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import { startNetServer } from './start-server.js';

// The language server in a web worker (the web extension's): the same server over the worker's
// messages. No file system: the server reads only the texts the editor sends.
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];
startNetServer((options) => createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self), options), EmptyFileSystem);
