// Bundles the entry points with esbuild: the CLI, the language server and the benchmarks as ESM for
// Node; the VS Code extension and its extension-host tests as CommonJS (`*.cjs`, since the package
// is "type": "module" and VS Code loads extensions with require()).
import { readdirSync } from 'node:fs';
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
