import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { diagnosticFixes, preferredFixes } from '../fixes/diagnostic-fixes.js';
import { FIX_ALL_KIND } from './net-protocol.js';
import { shapeActions } from './net-shape-actions.js';
import type * as ast from '../generated/ast.js';
import type { NetDocumentModels } from '../net-document.js';
import type { NetServices } from '../net-module.js';

/**
 * Quick fixes and "fix all": the fixes the engine computed for each diagnostic (as text edits, in
 * the diagnostic's `data`), offered as they are; and the refactoring that expands a shape in place.
 * The editor assembles nothing.
 */
export class NetCodeActionProvider implements CodeActionProvider {
    private readonly models: NetDocumentModels;

    constructor(services: NetServices) {
        this.models = services.model.DocumentModels;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
        const uri = document.uri.toString();
        const only = params.context.only;
        const wants = (kind: string) => !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
        const actions: CodeAction[] = [];
        if (wants(CodeActionKind.QuickFix)) {
            const titles = new Set<string>();
            for (const diagnostic of params.context.diagnostics) {
                diagnosticFixes(diagnostic).forEach((fix, index) => {
                    if (titles.has(fix.title)) return;
                    titles.add(fix.title);
                    actions.push({
                        title: fix.title,
                        kind: CodeActionKind.QuickFix,
                        diagnostics: [diagnostic],
                        isPreferred: index === 0,
                        edit: { changes: { [uri]: [...fix.edits] } }
                    });
                });
            }
        }
        if (wants(FIX_ALL_KIND)) {
            const diagnostics: Diagnostic[] = document.diagnostics ?? [];
            const fixes = preferredFixes(diagnostics);
            if (fixes.length) {
                actions.push({
                    title: fixes.length === 1 ? fixes[0].title : `Fix all ${fixes.length} nettopo problems with a fix`,
                    kind: FIX_ALL_KIND,
                    diagnostics: diagnostics.filter((diagnostic) => diagnosticFixes(diagnostic).length),
                    edit: { changes: { [uri]: fixes.flatMap((fix) => fix.edits) } }
                });
            }
        }
        if (wants(CodeActionKind.RefactorRewrite)) {
            const topology = document as LangiumDocument<ast.Topology>;
            actions.push(...shapeActions(topology, params.range, this.models.get(topology).expansion));
        }
        return actions;
    }
}
