import type { AstNode, LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { nameSyntax } from './net-names.js';

/**
 * The outline: switches, nodes with their interfaces, routes and sysctls, and ping lines. Built
 * from the syntax alone (the outline is asked for before linking), so it shows half-typed files too.
 */
export class NetDocumentSymbolProvider implements DocumentSymbolProvider {
    /** The outline of each parse: the outline, the breadcrumbs and sticky scroll all ask for it. */
    private readonly outlines = new WeakMap<ast.Topology, DocumentSymbol[]>();

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as ast.Topology;
        let outline = this.outlines.get(root);
        if (!outline) {
            outline = outlineOf(root);
            this.outlines.set(root, outline);
        }
        return outline;
    }
}

function outlineOf(root: ast.Topology): DocumentSymbol[] {
    return root.statements.flatMap((statement) => {
        if (ast.isImport(statement)) return symbol(statement, statementText(statement), SymbolKind.File, '');
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

/** A symbol for a piece of syntax, selected on its name when it has one. */
function symbol(node: AstNode, name: string | undefined, kind: SymbolKind, detail: string, children?: DocumentSymbol[]): DocumentSymbol[] {
    const range = node.$cstNode?.range;
    if (!range || !name) return [];
    const selectionRange = nameSyntax(node)?.range ?? range;
    return [{ name, kind, detail, range, selectionRange, ...(children && { children }) }];
}

/** A statement as written, with its spacing made single and its comment left out (`route 10.0.0.0/8 via 10.0.0.1`). */
function statementText(node: AstNode): string {
    return node.$cstNode?.text.replace(/#.*$/m, '').replace(/\s+/g, ' ').trim() ?? '';
}
