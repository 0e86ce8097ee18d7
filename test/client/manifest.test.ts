import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { COMMANDS } from '../../language/src/lsp/net-protocol.js';

/** The manifest's command ids are the ones the code registers and the lenses invoke: COMMANDS, no other spelling. */
test('package.json contributes exactly the commands of COMMANDS, and its menus name only those', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const ids: string[] = Object.values(COMMANDS).sort();
    expect(manifest.contributes.commands.map((command: { command: string }) => command.command).sort()).toEqual(ids);
    const inMenus = Object.values(manifest.contributes.menus as Record<string, { command: string }[]>)
        .flat()
        .map((entry) => entry.command);
    expect(inMenus.filter((id) => !ids.includes(id))).toEqual([]);
});
