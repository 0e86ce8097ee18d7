import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { UsageError } from '../../language/src/cli/cli-support.js';
import { FOLDER_KINDS, IMPORT_KINDS, IMPORT_OPTIONS, importFile, type ImportKind } from '../../language/src/cli/import-command.js';
import { formatProblem } from '../../language/src/import/import-problem.js';
import { IMPORT_KINDS_REQUEST, IMPORT_REQUEST, type ImportKindView, type ImportParams, type ImportView } from '../../language/src/lsp/net-protocol.js';

/**
 * `nettopo/importKinds` and `nettopo/import` (net-protocol.ts): `nettopo import` for the editor's
 * Import a lab… command, on the Node server only, which has the file system the import reads. The
 * kinds are the CLI's (IMPORT_KINDS), so a kind added there is offered in the editor too.
 */
export function registerImportRequests(connection: Connection): void {
    connection.onRequest(IMPORT_KINDS_REQUEST, (): ImportKindView[] =>
        IMPORT_KINDS.map((kind) => ({ kind, input: FOLDER_KINDS.has(kind) ? 'folder' : 'file', options: IMPORT_OPTIONS[kind] ?? [] }))
    );
    connection.onRequest(IMPORT_REQUEST, async (params: ImportParams): Promise<ImportView | ResponseError> => {
        const kind = params?.kind as ImportKind;
        if (!IMPORT_KINDS.includes(kind)) return new ResponseError(ErrorCodes.InvalidParams, `nettopo/import knows the kinds ${IMPORT_KINDS.join(', ')}`);
        if (typeof params.path !== 'string' || params.path === '')
            return new ResponseError(ErrorCodes.InvalidParams, 'nettopo/import needs the path to import');
        const options = params.options ?? {};
        const bad = Object.entries(options).find(
            ([, value]) => typeof value !== 'string' && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))
        );
        if (bad) return new ResponseError(ErrorCodes.InvalidParams, `the option ${bad[0]} is a string or a list of strings`);
        try {
            const imported = await importFile(kind, params.path, options);
            const problems = imported.problems.map((problem) => ({ severity: problem.severity, line: formatProblem(problem) }));
            return imported.text === undefined ? { problems } : { text: imported.text, problems };
        } catch (error) {
            if (error instanceof UsageError) return new ResponseError(ErrorCodes.InvalidParams, error.message);
            throw error;
        }
    });
}
