import { defineConfig } from 'vitest/config';

const editorTiers = ['test/e2e/**/*.test.ts', 'test/extension-host/**/*.test.ts'];

export default defineConfig({
    test: {
        // Kernel tests build real network namespaces; they are slower than the rest.
        testTimeout: 120_000,
        hookTimeout: 120_000,
        projects: [
            { extends: true, test: { name: 'core', include: ['test/**/*.test.ts'], exclude: editorTiers, sequence: { groupOrder: 0 } } },
            {
                // A real VS Code (code-server) driven by Chromium: installed by the global setup, run
                // after the other tiers and one file at a time (each starts a code-server and a browser).
                extends: true,
                test: {
                    name: 'editor',
                    include: editorTiers,
                    globalSetup: ['test/support/editor-setup.ts'],
                    fileParallelism: false,
                    sequence: { groupOrder: 1 }
                }
            }
        ]
    }
});
