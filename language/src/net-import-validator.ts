import { UriUtils, type ValidationAcceptor, type URI } from 'langium';
import { IssueCodes } from './checks/issue-codes.js';
import * as ast from './generated/ast.js';
import type { NetDocument, NetLabs } from './net-labs.js';

/**
 * The `import` lines of a file: each at the top, naming a file that could be read and that does not
 * import this one back. Each error is on the import line, and names the file and why.
 */
export function checkImports(labs: NetLabs, document: NetDocument, accept: ValidationAcceptor): void {
    const root = document.parseResult.value;
    const firstOther = root.statements.findIndex((statement) => !ast.isImport(statement));
    root.statements.forEach((statement, index) => {
        if (ast.isImport(statement) && firstOther >= 0 && index > firstOther)
            accept('error', 'an import goes at the top of the file, before every other statement', {
                node: statement,
                code: IssueCodes.ImportPlacement
            });
    });
    const here = UriUtils.dirname(document.uri);
    const shown = (uri: URI) => UriUtils.relative(here, uri);
    for (const link of labs.importsOf(document)) {
        const at = { node: link.statement, property: 'path' as const };
        if (!labs.imported(link)) {
            const reason = labs.unreadableReason(link.uri) ?? 'it is not loaded';
            accept('error', `cannot import "${link.statement.path}": ${reason} (${link.uri.scheme === 'file' ? link.uri.fsPath : link.uri.toString()})`, {
                ...at,
                code: IssueCodes.ImportUnreadable
            });
            continue;
        }
        const cycle = labs.cycleThrough(document, link);
        if (cycle) {
            const names = [document.uri, ...cycle].map(shown);
            const message =
                cycle.length === 1
                    ? `${names[0]} imports itself`
                    : `import cycle: ${names
                          .slice(0, -1)
                          .map((name, index) => `${name} imports ${names[index + 1]}`)
                          .join(', ')}`;
            accept('error', `${message}; a lab's files must not import each other round in a circle`, { ...at, code: IssueCodes.ImportCycle });
        }
    }
}
