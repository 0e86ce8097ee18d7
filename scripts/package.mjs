// Packages the built extension (out/, see bundle.mjs) as out/NAME-VERSION.vsix with vsce. Everything
// the extension runs is bundled, so no node_modules go in (.vscodeignore lists what does). The same
// .vsix goes to the VS Code Marketplace and to Open VSX; it is checked as `ovsx publish` checks a
// package before its upload (a license, the manifest's fields, read back from the .vsix).
//
// vsce packages a copy (out/package/): the manifest there has no `"type": "module"`, which the browser
// extension host refuses ("ESM modules are not supported"), and out/package.json keeps out/server.js
// an ES module for the Node host. `node scripts/package.mjs --list` prints what goes in (vsce ls).
//
// `--web`: out/NAME-VERSION-web.vsix, without the Node host's bundles and with a manifest that has no
// `main`, so that an editor can run only its `browser` entry, in the web worker extension host (the browser-host tests).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const web = process.argv.includes('--web');
const list = process.argv.includes('--list');

for (const built of ['out/extension.cjs', 'out/server.js', 'out/browser/extension.js', 'out/browser/server.js']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
}

const { type: _type, ...manifest } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The Node host's bundles stay out of the web package: nothing of the Node extension can be what runs there.
const nodeOnly = ['!out/extension.cjs', '!out/server.js', '!out/package.json'];
const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => !(web && nodeOnly.includes(line)));
const shipped = ignore.filter((line) => line.startsWith('!')).map((line) => line.slice(1));

const stage = join(root, web ? 'out/package-web' : 'out/package');
rmSync(stage, { recursive: true, force: true });
for (const file of [...shipped.filter((file) => !['package.json', 'out/package.json'].includes(file)), 'client/README.md']) {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    cpSync(join(root, file), join(stage, file));
}
writeFileSync(join(stage, '.vscodeignore'), ignore.join('\n'));
if (web) delete manifest.main;
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
if (!web) writeFileSync(join(stage, 'out/package.json'), '{ "type": "module" }\n');

const vsce = (...args) => execFileSync(join(root, 'node_modules/.bin/vsce'), [...args, '--no-dependencies'], { cwd: stage, stdio: 'inherit' });
if (list) {
    vsce('ls');
} else {
    const vsix = join(root, `out/${manifest.name}-${manifest.version}${web ? '-web' : ''}.vsix`);
    // The top-level README is the project's; the Marketplace page is client/README.md.
    // The public repository is not decided yet.
    vsce('package', '--out', vsix, '--readme-path', 'client/README.md', '--allow-missing-repository');
    await checkForOpenVsx(vsix);
    console.log(vsix);
}

/** What `ovsx publish` requires of a package before it uploads it (the upload is left to a person). */
async function checkForOpenVsx(vsix) {
    const ovsx = require('ovsx');
    const { readVSIXPackage } = require('ovsx/lib/zip');
    const packaged = await readVSIXPackage(vsix);
    ovsx.validateManifest(packaged);
    if (!(await ovsx.isLicenseOk(stage, packaged))) throw new Error('Open VSX accepts only licensed extensions: the manifest names no license');
}
