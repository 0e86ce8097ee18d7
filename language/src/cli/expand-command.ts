import { applyEditsToBytes, decodeSource } from '../fixes/source-bytes.js';
import { shapeReplacements } from '../shapes/expand-text.js';
import { loadTexts, readSource } from './cli-support.js';

/**
 * `nettopo expand FILE`: the file with every shape (`docker`, `network`, `container`) replaced by
 * the core statements it stands for; every other byte (comments, invalid UTF-8, a BOM) as written. A
 * shape with an error stays as written (`check` says why). The file's lab is loaded (a container may
 * sit on a host of an imported file), but only this file's shapes are written out.
 */
export async function expandCommand(path: string, out: (bytes: Uint8Array) => void): Promise<number> {
    const bytes = await readSource(path);
    const [file] = await loadTexts([{ path, text: decodeSource(bytes) }]);
    const text = file.document.textDocument;
    const edits = shapeReplacements(file.expansion, text.getText(), file.document.parseResult.value).map((replacement) => ({
        range: { start: text.positionAt(replacement.start), end: text.positionAt(replacement.end) },
        newText: replacement.text
    }));
    out(applyEditsToBytes(bytes, edits));
    return 0;
}
