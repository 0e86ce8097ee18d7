import type { LanguageClientOptions } from 'vscode-languageclient';

/** The language id the extension contributes for `.net` files. */
export const LANGUAGE_ID = 'nettopo';

/** The client's name, shown as its Output channel. */
export const CLIENT_NAME = 'nettopo language server';

/**
 * What the client of either host (Node, browser) sends the server: every scheme is served (files,
 * untitled editors, virtual workspaces such as github.dev), since the server reads only the text it is sent.
 */
export const clientOptions: LanguageClientOptions = { documentSelector: [{ language: LANGUAGE_ID }] };
