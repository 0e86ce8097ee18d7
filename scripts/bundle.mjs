// Bundles the entry points with esbuild: the CLI, the language server and the benchmarks, as ESM for Node.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
    ...common,
    format: 'esm',
    entryPoints: { nettopo: 'language/src/cli/nettopo.ts', server: 'server/src/main.ts', bench: 'scripts/bench.ts', 'bench-lsp': 'scripts/bench-lsp.ts' },
    outdir: 'out',
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
});
