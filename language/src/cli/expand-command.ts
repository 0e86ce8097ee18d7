import { expandText } from '../shapes/expand-text.js';
import { loadFile } from './cli-support.js';

/**
 * `nettopo expand FILE`: the file with every shape (`docker`, `network`, `container`) replaced by
 * the core statements it stands for; every other character, comments included, as written. A shape
 * with an error stays as written (`check` says why).
 */
export async function expandCommand(path: string, out: (text: string) => void): Promise<number> {
    const file = await loadFile(path);
    out(expandText(file.expansion, file.document.textDocument.getText()));
    return 0;
}
