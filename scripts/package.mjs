// Packages the built extension (out/, see bundle.mjs) as out/NAME-VERSION.vsix with vsce. Everything
// the extension runs is bundled, so no node_modules go in (.vscodeignore lists what does).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const built of ['out/extension.cjs', 'out/server.js']) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
}
const vsix = `out/${name}-${version}.vsix`;
execFileSync('node_modules/.bin/vsce', [
    'package', '--no-dependencies', '--out', vsix,
    // The top-level README is the project's; the Marketplace page is client/README.md.
    '--readme-path', 'client/README.md',
    // The public repository is not decided yet.
    '--allow-missing-repository'
], { stdio: 'inherit' });
console.log(vsix);
