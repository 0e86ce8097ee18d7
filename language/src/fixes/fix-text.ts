import { loadNetText, type LoadedFile } from '../load.js';
import { applyFixes, compatibleFixes, diagnosticFixes, type DiagnosticFix } from './diagnostic-fixes.js';

/** Rounds of fixing: a fix can reveal a problem the one before hid (one router fixed, the next one's missing route shows). */
const FIX_ROUNDS = 5;

/** A text after `nettopo check --fix`: the fixes applied, in order, and the file as it then checks. */
export interface FixedText {
    readonly text: string;
    readonly applied: readonly DiagnosticFix[];
    readonly file: LoadedFile;
}

/**
 * Applies every fix the diagnostics of a `.net` text carry, round by round (each round the fixes
 * that do not overlap, then a fresh check), until none is left or nothing changes.
 */
export async function fixText(text: string, name: string): Promise<FixedText> {
    let file = await loadNetText(text, name);
    const applied: DiagnosticFix[] = [];
    for (let round = 0; round < FIX_ROUNDS; round++) {
        const fixes = compatibleFixes(file.diagnostics.flatMap((diagnostic) => diagnosticFixes(diagnostic)));
        const next = fixes.length ? applyFixes(text, fixes) : text;
        if (next === text) break;
        applied.push(...fixes);
        text = next;
        file = await loadNetText(text, name);
    }
    return { text, applied, file };
}
