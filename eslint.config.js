// ESLint 9 flat config with typescript-eslint, run by `npm run lint` (part of `npm test`).
// Syntax-only rules (no type information): a type-aware run would compile the project a second
// time on every test run, and `tsc -b` (npm run typecheck) already checks the types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What only engine/, model/ and checks/ may do: look routes up, compare segments, read a table's local addresses. */
const routingOutsideEngine = [
    {
        selector: "MemberExpression[property.name='segments']",
        message: "Segments are the engine's: ask engine/network.ts (holdersOnSegment, segmentSwitch) or a view field."
    },
    {
        selector: 'CallExpression[callee.property.name=/^(lookup|longestMatch)$/]',
        message: "Route lookups are the engine's: ask engine/ (route-table.ts, ping.ts) through views/."
    },
    {
        selector: "MemberExpression[property.name='locals']",
        message: "Which addresses a node holds is the engine's (route table locals): use views/address-view.ts."
    }
];

export default tseslint.config(
    { ignores: ['out/**', 'node_modules/**', 'language/src/generated/**', '**/*.cjs'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts', '**/*.js', '**/*.mjs'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'module',
            globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' }
        },
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
            '@typescript-eslint/no-non-null-assertion': 'off',
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            'no-undef': 'off',
            // Prettier's limit, held for what Prettier cannot break (comments, long expressions). A message
            // stays on one line: users paste what they saw into a search, and it must be found whole.
            'max-len': ['error', { code: 160, tabWidth: 4, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }]
        }
    },
    {
        // The editor glue and the webview read what the engine decided; they decide nothing themselves.
        files: ['language/src/lsp/**/*.ts', 'language/src/views/**/*.ts', 'client/**/*.ts'],
        rules: { 'no-restricted-syntax': ['error', ...routingOutsideEngine] }
    }
);
