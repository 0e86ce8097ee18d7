// `npm run sizes`: the size of each bundle `npm run build` makes (as shipped, and gzipped as a
// browser downloads it), and of the packages `npm run package` made, if any.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bundles = {
    'out/extension.cjs': 'the extension, Node host',
    'out/server.js': 'the language server, Node (also nettopo-language-server)',
    'out/browser/extension.js': 'the extension, browser host',
    'out/browser/server.js': 'the language server, web worker',
    'out/webview/simulator.js': 'the simulator webview',
    'out/webview/simulator-style.css': 'its style sheet',
    'out/nettopo.js': 'the nettopo CLI'
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
console.log('| bundle | what | size | gzipped |\n|---|---|---|---|');
for (const [file, what] of Object.entries(bundles)) {
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    console.log(`| \`${file}\` | ${what} | ${kb(statSync(path).size)} | ${kb(gzipSync(readFileSync(path)).length)} |`);
}
const packages = {
    [`out/${name}-${version}.vsix`]: 'the package (both hosts)',
    [`out/${name}-${version}-web.vsix`]: 'the browser-only package the tests install'
};
for (const [vsix, what] of Object.entries(packages)) {
    if (existsSync(join(root, vsix))) console.log(`| \`${vsix}\` | ${what} | ${kb(statSync(join(root, vsix)).size)} | (a zip) |`);
}
