// Bundles the entry points with esbuild: the CLI, the language server, the benchmarks and the fuzzer as ESM for
// Node; the VS Code extension and its extension-host tests as CommonJS (`*.cjs`, since the package
// is "type": "module" and VS Code loads extensions with require()); the simulator webview as one
// script and one style sheet for the browser; the web extension (the browser extension host's
// entry and its language server's web worker) into out/browser/, where no Node module may go.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { buildBrowserBundles } from './browser-bundles.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
    ...common,
    format: 'esm',
    entryPoints: {
        nettopo: 'language/src/cli/nettopo.ts',
        server: 'server/src/main.ts',
        bench: 'scripts/bench.ts',
        'bench-lsp': 'scripts/bench-lsp.ts',
        'bench-sim': 'scripts/bench-sim.ts',
        fuzz: 'scripts/fuzz.ts',
        'record-case': 'scripts/record-kernel-case.ts',
        // Two folders deep, as test/support/ is: its helpers find the project from their own file.
        'bench/hosts': 'scripts/bench-hosts.ts'
    },
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
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    entryPoints: { simulator: 'client/webview/main.ts', 'simulator-style': 'client/webview/style.css' },
    outdir: 'out/webview'
});

await buildBrowserBundles();
