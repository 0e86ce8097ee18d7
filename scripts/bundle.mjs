// Bundles the entry points with esbuild: the CLI, the language server and the benchmarks as ESM for
// Node; the VS Code extension and its extension-host tests as CommonJS (`*.cjs`, since the package
// is "type": "module" and VS Code loads extensions with require()); the simulator webview as one
// script and one style sheet for the browser; the web extension (the browser extension host's
// entry and its language server's web worker) into out/browser/, where no Node module may go.
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
    ...common,
    format: 'esm',
    entryPoints: { nettopo: 'language/src/cli/nettopo.ts', server: 'server/src/main.ts', bench: 'scripts/bench.ts', 'bench-lsp': 'scripts/bench-lsp.ts', 'bench-sim': 'scripts/bench-sim.ts',
        // Two folders deep, as test/support/ is: its helpers find the project from their own file.
        'bench/hosts': 'scripts/bench-hosts.ts' },
    outdir: 'out',
    // The browser driver stays a package of its own (it finds its own files at run time).
    external: ['playwright-core'],
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
});

const commonjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['vscode'] };

await build({ ...commonjs, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'out' });

// Each suite is its own module, loaded by mocha (left outside the bundles) once its globals exist.
const suites = readdirSync('test/extension-host/suite').filter((file) => file.endsWith('.ts'));
await build({
    ...commonjs,
    entryPoints: suites.map((file) => `test/extension-host/suite/${file}`),
    outdir: 'out/test/extension-host',
    external: ['vscode', 'mocha']
});

await build({
    bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', minify: true, sourcemap: true, logLevel: 'warning',
    entryPoints: { simulator: 'client/webview/main.ts', 'simulator-style': 'client/webview/style.css' },
    outdir: 'out/webview'
});

// A Node module in a browser bundle is an error of the build, named with who imports it (esbuild
// alone would leave some to a `browser` field or a failing require at run time).
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const noNode = {
    name: 'no-node-modules',
    setup(builder) {
        builder.onResolve({ filter: /.*/ }, ({ path, importer }) => nodeBuiltins.has(path) || nodeBuiltins.has(path.split('/')[0])
            ? { errors: [{ text: `${importer} imports Node's ${path}, which the browser extension host does not have` }] }
            : undefined);
    }
};
// Minified (names kept, for readable errors): they are downloaded by every browser that opens a .net file.
const browser = { bundle: true, platform: 'browser', target: 'chrome120', minify: true, keepNames: true, sourcemap: true, logLevel: 'warning', plugins: [noNode] };

// The browser host loads extensions as CommonJS scripts by a .js name (VS Code adds .js to any other).
await build({ ...browser, format: 'cjs', external: ['vscode'], entryPoints: { extension: 'client/src/extension-browser.ts' }, outdir: 'out/browser' });
// A classic script for `new Worker(url)`.
await build({ ...browser, format: 'iife', entryPoints: { server: 'server/src/main-browser.ts' }, outdir: 'out/browser' });
