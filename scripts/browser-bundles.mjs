// The web extension's bundles (out/browser/): the browser extension host's entry and its language
// server's web worker, built for the browser. A Node module in them is an error of the build, named
// with who imports it (esbuild alone would leave some to a package's `browser` field, or to a
// require that fails at run time), and so is any import left outside the bundle but `vscode`.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export const noNodeModules = {
    name: 'no-node-modules',
    setup(builder) {
        builder.onResolve({ filter: /.*/ }, ({ path, importer }) =>
            nodeBuiltins.has(path) || nodeBuiltins.has(path.split('/')[0])
                ? { errors: [{ text: `${importer} imports Node's ${path}, which the browser extension host does not have` }] }
                : undefined
        );
    }
};

// Minified (names kept, for readable errors): they are downloaded by every browser that opens a .net file.
export const browserOptions = {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
    plugins: [noNodeModules]
};

/** Builds with `options`, then refuses an output that imports anything at run time but `vscode`. */
export async function buildForBrowser(options) {
    const result = await build({ ...browserOptions, ...options });
    for (const [output, { imports }] of Object.entries(result.metafile.outputs)) {
        const outside = imports.filter((entry) => entry.external && entry.path !== 'vscode').map((entry) => entry.path);
        if (outside.length > 0) throw new Error(`${output} would load ${outside.join(', ')} at run time, which the browser extension host cannot give it`);
    }
    return result;
}

export async function buildBrowserBundles() {
    // The browser host loads extensions as CommonJS scripts by a .js name (VS Code adds .js to any other).
    await buildForBrowser({ format: 'cjs', external: ['vscode'], entryPoints: { extension: 'client/src/extension-browser.ts' }, outdir: 'out/browser' });
    // A classic script for `new Worker(url)`.
    await buildForBrowser({ format: 'iife', entryPoints: { server: 'server/src/main-browser.ts' }, outdir: 'out/browser' });
}
