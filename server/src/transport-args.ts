/** How to start the server, for a command line that names no transport it can use. */
export const SERVER_USAGE = `usage: nettopo-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME
  the nettopo language server (LSP) for .net files; the editor starts it and talks to it
  over the named transport (for Neovim, Helix, Emacs and the like: --stdio)
`;

/**
 * What is wrong with the server's arguments, in words (with the usage), or undefined when they name
 * a transport as vscode-languageserver reads them: the first of --stdio, --node-ipc, --socket[=]PORT,
 * --pipe[=]NAME. Without this check the library throws its own error with a stack trace.
 */
export function transportProblem(args: readonly string[], hasIpcChannel = typeof process.send === 'function'): string | undefined {
    for (let index = 0; index < args.length; index++) {
        const [name, inline] = args[index].split(/=(.*)/s, 2);
        const value = inline ?? args[index + 1];
        switch (name) {
            case '--stdio':
                return undefined;
            case '--node-ipc':
                return hasIpcChannel
                    ? undefined
                    : `nettopo-language-server: --node-ipc needs a parent process that opened an IPC channel (Node's fork); an editor starting a command uses --stdio\n${SERVER_USAGE}`;
            case '--socket':
                return /^[1-9]\d*$/.test(value ?? '') && Number(value) < 65536
                    ? undefined
                    : `nettopo-language-server: --socket needs a port number (1-65535), got ${value === undefined ? 'nothing' : JSON.stringify(value)}\n${SERVER_USAGE}`;
            case '--pipe':
                return value ? undefined : `nettopo-language-server: --pipe needs the name of a pipe\n${SERVER_USAGE}`;
        }
    }
    return `nettopo-language-server: no transport given\n${SERVER_USAGE}`;
}
