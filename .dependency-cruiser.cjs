// The import rules of ARCHITECTURE.md, checked on the TypeScript sources by `npm run lint`
// (dependency-cruiser). Each rule's name is the one ARCHITECTURE.md cites beside the claim.
const src = '^language/src/';
const langiumOrEditor =
    '^(node_modules/)?(langium|langium-cli|vscode|vscode-languageserver|vscode-languageserver-types|vscode-languageserver-textdocument|vscode-languageserver-protocol|vscode-languageclient|vscode-jsonrpc)(/|$)';

module.exports = {
    forbidden: [
        {
            name: 'no-cycles',
            comment: 'No module imports itself through others (type-only imports, erased at build time, aside).',
            severity: 'error',
            from: {},
            to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } }
        },
        {
            name: 'plain-layers-no-langium',
            comment: 'address/, model/ and engine/ are plain data and pure functions: no Langium, LSP or vscode, no syntax tree.',
            severity: 'error',
            from: { path: `${src}(address|model|engine)/` },
            to: { path: [langiumOrEditor, `${src}generated/`] }
        },
        {
            name: 'address-imports-nothing',
            comment: 'address/ imports nothing of the project.',
            severity: 'error',
            from: { path: `${src}address/` },
            to: { path: '^(language|client|server|scripts|test)/', pathNot: `${src}address/` }
        },
        {
            name: 'model-imports-address',
            comment: 'model/ imports only address/.',
            severity: 'error',
            from: { path: `${src}model/` },
            to: { path: '^(language|client|server|scripts|test)/', pathNot: `${src}(address|model)/` }
        },
        {
            name: 'engine-imports-model',
            comment: 'engine/ imports only model/ and address/.',
            severity: 'error',
            from: { path: `${src}engine/` },
            to: { path: '^(language|client|server|scripts|test)/', pathNot: `${src}(address|model|engine)/` }
        },
        {
            name: 'import-imports-model',
            comment:
                'import/ (scripts and labs into the model) is plain data and pure functions: it imports only model/ and address/ (no Langium, LSP or vscode).',
            severity: 'error',
            from: { path: `${src}import/` },
            to: { path: ['^(language|client|server|scripts|test)/', langiumOrEditor], pathNot: `${src}(address|model|import)/` }
        },
        {
            name: 'checks-imports-engine',
            comment: 'checks/ imports only engine/, model/ and address/.',
            severity: 'error',
            from: { path: `${src}checks/` },
            to: { path: '^(language|client|server|scripts|test)/', pathNot: `${src}(address|model|engine|checks)/` }
        },
        {
            name: 'views-no-lsp',
            comment: 'views/ is plain data tied to the syntax: no LSP runtime, no vscode, nothing of lsp/ but the protocol types.',
            severity: 'error',
            from: { path: `${src}views/` },
            to: {
                path: [langiumOrEditor.replace('langium|', ''), `${src}(lsp|cli|kernel)/`, `${src}net-(module|validator)\\.ts$`],
                pathNot: `${src}lsp/net-protocol\\.ts$`
            }
        },
        {
            name: 'views-protocol-types-only',
            comment: 'views/ uses the protocol file for its types only.',
            severity: 'error',
            from: { path: `${src}views/` },
            to: { path: `${src}lsp/net-protocol\\.ts$`, dependencyTypesNot: ['type-only'] }
        },
        {
            name: 'nothing-imports-upward',
            comment: 'address <- model <- engine <- checks <- views <- lsp: a lower layer never imports a higher one.',
            severity: 'error',
            from: { path: `${src}(address|model|engine|checks|fixes|views)/` },
            to: { path: [`${src}lsp/(?!net-protocol\\.ts$)`, `${src}(cli|kernel)/`, '^(client|server)/'] }
        },
        {
            name: 'no-vscode-in-language',
            comment: 'Nothing under language/ imports vscode (the editor API).',
            severity: 'error',
            from: { path: '^language/' },
            to: { path: '^(node_modules/)?(vscode|vscode-languageclient)(/|$)', pathNot: '^(node_modules/)?vscode-language(server|client)' }
        },
        {
            name: 'lsp-reads-engine-through-views',
            comment:
                'The providers compute no routing, ARP or segment: of engine/ they use the printers, the words and the settings (and types); the rest through views/.',
            severity: 'error',
            from: { path: `${src}lsp/` },
            to: {
                path: `${src}(engine|checks)/`,
                pathNot: `${src}engine/(explain|name-explain|route-format|node-settings)\\.ts$`,
                dependencyTypesNot: ['type-only']
            }
        },
        {
            name: 'views-no-forwarding-internals',
            comment: 'views/ asks the engine (ping, network, route-table) and never applies the forwarding path itself.',
            severity: 'error',
            from: { path: `${src}views/` },
            to: { path: `${src}engine/forwarding\\.ts$` }
        },
        {
            name: 'webview-protocol-types-only',
            comment: 'client/webview/ imports only the protocol types and its own modules (and d3-force): it computes no routing.',
            severity: 'error',
            from: { path: '^client/webview/' },
            to: {
                pathNot: ['^client/webview/', `${src}lsp/net-protocol\\.ts$`, '^(node_modules/)?d3-force(/|$)', '^(node_modules/)?@types/d3-force(/|$)']
            }
        },
        {
            name: 'webview-protocol-no-values',
            comment: 'client/webview/ takes only types from the protocol file (no value crosses into the browser bundle).',
            severity: 'error',
            from: { path: '^client/webview/' },
            to: { path: `${src}lsp/net-protocol\\.ts$`, dependencyTypesNot: ['type-only'] }
        },
        {
            name: 'extension-imports-protocol',
            comment: "client/src/ imports vscode, the language client and, of the project, only net-protocol.ts and the webview's messages.ts and page.ts.",
            severity: 'error',
            from: { path: '^client/src/' },
            to: {
                path: '^(language|client|server|scripts|test)/',
                pathNot: ['^client/src/', `${src}lsp/net-protocol\\.ts$`, '^client/webview/(messages|page)\\.ts$']
            }
        }
    ],
    options: {
        doNotFollow: { path: 'node_modules' },
        exclude: { path: ['^language/src/generated/', '^out/', '^node_modules/'] },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
        enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
        reporterOptions: { text: { highlightFocused: true } }
    }
};
