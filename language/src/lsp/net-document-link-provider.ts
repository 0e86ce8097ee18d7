import { GrammarUtils, type LangiumDocument } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink } from 'vscode-languageserver';
import type { NetDocument, NetLabs } from '../net-labs.js';
import type { NetServices } from '../net-module.js';

/** Each `import` line's path is a link to the file it names (Ctrl+click opens it), when that file could be read. */
export class NetDocumentLinkProvider implements DocumentLinkProvider {
    private readonly labs: NetLabs;

    constructor(services: NetServices) {
        this.labs = services.model.Labs;
    }

    getDocumentLinks(document: LangiumDocument): DocumentLink[] {
        return this.labs.importsOf(document as NetDocument).flatMap((link) => {
            const path = GrammarUtils.findNodeForProperty(link.statement.$cstNode, 'path');
            return path && this.labs.imported(link) ? [{ range: path.range, target: link.uri.toString(), tooltip: 'Open the imported file' }] : [];
        });
    }
}
