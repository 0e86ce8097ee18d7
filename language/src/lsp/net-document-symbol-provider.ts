import { CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

/**
 * The outline: switches, nodes with their interfaces, routes and sysctls, and ping lines. Built
 * from the syntax alone (the outline is asked for before linking), so it shows half-typed files too.
 */
export class NetDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as ast.Topology;
        return root.statements.flatMap((statement) => {
            if (ast.isSwitch(statement)) return symbol(statement, statement.name, SymbolKind.Namespace, statement.prefix ? `switch ${statement.prefix}` : 'switch');
            if (ast.isNode(statement)) {
                const children = statement.members.flatMap((member) => {
                    if (ast.isInterface(member)) return symbol(member, member.name, SymbolKind.Interface, member.addresses.join(', '));
                    if (ast.isRoute(member)) return symbol(member, statementText(member), SymbolKind.Function, '');
                    return symbol(member, statementText(member), SymbolKind.Property, '');
                });
                return symbol(statement, statement.name, SymbolKind.Module, statement.kind, children);
            }
            return symbol(statement, statementText(statement), SymbolKind.Event, '');
        });
    }
}

/** A symbol for a piece of syntax, selected on its name when it has one. */
function symbol(node: AstNode, name: string | undefined, kind: SymbolKind, detail: string, children?: DocumentSymbol[]): DocumentSymbol[] {
    const range = node.$cstNode?.range;
    if (!range || !name) return [];
    const selectionRange = GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range ?? range;
    return [{ name, kind, detail, range, selectionRange, ...(children && { children }) }];
}

/** A statement as written, with its spacing made single (`route 10.0.0.0/8 via 10.0.0.1`). */
function statementText(node: AstNode): string {
    return node.$cstNode ? CstUtils.flattenCst(node.$cstNode).filter((leaf) => !leaf.hidden).map((leaf) => leaf.text).join(' ').replace(/ ?\. ?/g, '.').replace(/ ,/g, ',') : '';
}
