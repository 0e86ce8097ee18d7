import { DefaultDocumentValidator, DocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import * as ast from './generated/ast.js';

/**
 * Langium's document validator, but a ping target that names no node nor NODE.IFNAME is a host
 * name the source resolves (`ping c1 -> web`), not a linking error.
 */
export class NetDocumentValidator extends DefaultDocumentValidator {
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const errors: Diagnostic[] = [];
        super.processLinkingErrors(document, errors, options);
        diagnostics.push(...errors.filter((error) => !isPingTargetName(error.data)));
    }
}

function isPingTargetName(data: unknown): boolean {
    if (typeof data !== 'object' || data === null) return false;
    const { code, containerType } = data as { code?: string; containerType?: string };
    return code === DocumentValidator.LinkingError && containerType === ast.PingTarget.$type;
}
