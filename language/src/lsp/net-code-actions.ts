import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { diagnosticFixes, preferredFixes } from '../fixes/diagnostic-fixes.js';
import { FIX_ALL_KIND } from './net-protocol.js';

/**
 * Quick fixes and "fix all": the fixes the engine computed for each diagnostic (as text edits, in
 * the diagnostic's `data`), offered as they are. The editor assembles nothing.
 */
export class NetCodeActionProvider implements CodeActionProvider {
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
        return actions;
    }
}
