// Bundles the entry points with esbuild: the CLI, the language server and the benchmark, as ESM for Node;
// the simulator webview as one script and one style sheet for the browser.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
    ...common,
    format: 'esm',
    entryPoints: { nettopo: 'language/src/cli/nettopo.ts', server: 'server/src/main.ts', bench: 'scripts/bench.ts', 'bench-sim': 'scripts/bench-sim.ts' },
    outdir: 'out',
    // The browser driver stays a package of its own (it finds its own files at run time).
    external: ['playwright-core'],
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
});

await build({
    bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', minify: true, sourcemap: true, logLevel: 'warning',
    entryPoints: { simulator: 'client/webview/main.ts', 'simulator-style': 'client/webview/style.css' },
    outdir: 'out/webview'
});
