import type { LangiumDocument } from 'langium';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import { shapeKeyword, type ShapeExpansion } from '../shapes/docker-shapes.js';
import { shapeReplacements } from '../shapes/expand-text.js';

/**
 * "Expand the docker shape" (and the network and container ones): a refactoring that writes, in
 * place of each shape the range touches, the core statements it stands for, as `nettopo expand` does.
 */
export function shapeActions(document: LangiumDocument<ast.Topology>, range: Range, expansion: ShapeExpansion): CodeAction[] {
    const text = document.textDocument;
    const [from, to] = [text.offsetAt(range.start), text.offsetAt(range.end)];
    return shapeReplacements(expansion, text.getText(), document.parseResult.value)
        .filter((replacement) => replacement.start <= to && from <= replacement.end)
        .map((replacement) => ({
            title: `Expand the ${shapeKeyword(replacement.shape)} shape`,
            kind: CodeActionKind.RefactorRewrite,
            edit: {
                changes: {
                    [document.uri.toString()]: [
                        { range: { start: text.positionAt(replacement.start), end: text.positionAt(replacement.end) }, newText: replacement.text }
                    ]
                }
            }
        }));
}
