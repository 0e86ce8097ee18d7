import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { IssueCode } from '../checks/issue-codes.js';

/** A fix as a diagnostic carries it: a title and the text edits, ready for a code action or `check --fix`. */
export interface DiagnosticFix {
    readonly title: string;
    readonly edits: readonly TextEdit[];
}

/** What nettopo's diagnostics carry in `data`: their code, and the fixes for them (computed by the engine). */
export interface NetDiagnosticData {
    readonly code: IssueCode;
    /** The cause a route-analysis diagnostic reports (diagnostics with one cause carry one fix). */
    readonly cause?: string;
    readonly fixes?: readonly DiagnosticFix[];
}

/** The fixes a diagnostic carries (none for diagnostics from elsewhere, or with data of another shape). */
export function diagnosticFixes(diagnostic: Pick<Diagnostic, 'data'>): readonly DiagnosticFix[] {
    const fixes = (diagnostic.data as Partial<NetDiagnosticData> | undefined)?.fixes;
    // A fix with no edits is one the file cannot take as written (a change to a shape's core lines): no action for it.
    return Array.isArray(fixes) ? fixes.filter((fix) => typeof fix?.title === 'string' && Array.isArray(fix.edits) && fix.edits.length > 0) : [];
}

/** The fixes "fix all" and `check --fix` apply: each diagnostic's first (preferred) one; the others are alternatives to it. */
export function preferredFixes(diagnostics: readonly Pick<Diagnostic, 'data'>[]): DiagnosticFix[] {
    return compatibleFixes(diagnostics.flatMap((diagnostic) => diagnosticFixes(diagnostic).slice(0, 1)));
}

/**
 * The fixes of many diagnostics, each once (a cause and the lines it breaks carry the same fix),
 * without any whose edits overlap those of a fix taken before: what "fix all" applies in one go.
 */
export function compatibleFixes(fixes: readonly DiagnosticFix[]): DiagnosticFix[] {
    const taken: DiagnosticFix[] = [];
    const seen = new Set<string>();
    for (const fix of fixes) {
        const key = JSON.stringify(fix.edits);
        if (seen.has(key)) continue;
        seen.add(key);
        if (fix.edits.some((edit) => taken.some((other) => other.edits.some((done) => overlaps(edit, done))))) continue;
        taken.push(fix);
    }
    return taken;
}

/** Two edits overlap when their ranges share a character (insertions at one point do not). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
    const before = (x: TextEdit['range']['start'], y: TextEdit['range']['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
    const empty = (edit: TextEdit) => edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
    if (empty(a) && empty(b)) return false;
    return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

/** The text with the fixes' edits applied. */
export function applyFixes(text: string, fixes: readonly DiagnosticFix[]): string {
    const document = TextDocument.create('nettopo:fix', 'nettopo', 0, text);
    return TextDocument.applyEdits(
        document,
        fixes.flatMap((fix) => fix.edits)
    );
}
