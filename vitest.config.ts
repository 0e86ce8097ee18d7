import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // Kernel tests build real network namespaces; they are slower than the rest.
        testTimeout: 120_000,
        hookTimeout: 120_000
    }
});
