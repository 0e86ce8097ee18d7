import { inject, type DeepPartial, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices
} from 'langium/lsp';
import { NetGeneratedModule, NetGeneratedSharedModule, NetLanguageMetaData } from './generated/module.js';
import { NetCodeActionProvider } from './lsp/net-code-actions.js';
import { NetCodeLensProvider } from './lsp/net-code-lens-provider.js';
import { NetCompletionProvider } from './lsp/net-completion-provider.js';
import { NetDocumentUpdateHandler } from './lsp/net-document-update-handler.js';
import { NetDocumentSymbolProvider } from './lsp/net-document-symbol-provider.js';
import { NetDocumentLinkProvider } from './lsp/net-document-link-provider.js';
import { NetFoldingRangeProvider } from './lsp/net-folding-range-provider.js';
import { NetFormatter } from './lsp/net-formatter.js';
import { NetHoverProvider } from './lsp/net-hover-provider.js';
import { NetInlayHintProvider } from './lsp/net-inlay-hint-provider.js';
import { NetReferences } from './lsp/net-references.js';
import { NetRenameProvider } from './lsp/net-rename-provider.js';
import { NetLexer } from './net-lexer.js';
import { createNetParser } from './net-parser.js';
import { NetLexerErrorMessageProvider, NetParserErrorMessageProvider } from './net-parser-messages.js';
import { NetScopeComputation, NetScopeProvider } from './net-scope.js';
import { NetValidator, registerValidationChecks } from './net-validator.js';
import { NetDocumentModels } from './net-document.js';
import { NetPingRuns } from './net-ping-runs.js';
import { NetRouteFiles } from './net-route-files.js';
import { NetModelIndex } from './views/model-index.js';
import { NetLinker } from './net-linker.js';
import { NetAstNodeDescriptionProvider, NetReferenceDescriptionProvider } from './net-descriptions.js';
import { NetDocumentValidator } from './net-document-validator.js';
import { NetServiceRegistry } from './net-service-registry.js';
import { NetWorkspaceManager } from './net-workspace-manager.js';
import { NetLabs } from './net-labs.js';
import { NetDocumentBuilder } from './net-document-builder.js';

/** Services this language adds to Langium's. */
export type NetAddedServices = {
    validation: {
        NetValidator: NetValidator;
    };
    /** What each parse of a document is built into once, for every feature to read. */
    model: {
        /** Which files make up each lab (imports), and which imported files could not be read. */
        Labs: NetLabs;
        /** The topology model, its origins and the compiled network. */
        DocumentModels: NetDocumentModels;
        /** The document's `ping` statements, simulated. */
        PingRuns: NetPingRuns;
        /** The model object built from a piece of syntax. */
        ModelIndex: NetModelIndex;
        /** The route files of `routes from` lines, read while the document is built. */
        RouteFiles: NetRouteFiles;
    };
};

export type NetServices = LangiumServices & NetAddedServices;

/** Wires the `.net` language's own services into Langium's defaults. */
export const NetModule: Module<NetServices, PartialLangiumServices & NetAddedServices> = {
    // Langium's production mode: the lexer and parser skip Chevrotain's own grammar checks, which
    // otherwise print an ambiguity report to the user's terminal on a line such as
    // `route 10.0.0.0/24 x4` (the grammar relies on ordered choice there). `langium generate` checks the grammar.
    LanguageMetaData: () => ({ ...NetLanguageMetaData, mode: 'production' }),
    parser: {
        Lexer: (services) => new NetLexer(services),
        LangiumParser: (services) => createNetParser(services),
        ParserErrorMessageProvider: () => new NetParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new NetLexerErrorMessageProvider()
    },
    references: {
        ScopeComputation: (services) => new NetScopeComputation(services),
        ScopeProvider: (services) => new NetScopeProvider(services),
        Linker: (services) => new NetLinker(services),
        References: (services) => new NetReferences(services)
    },
    workspace: {
        AstNodeDescriptionProvider: (services) => new NetAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: (services) => new NetReferenceDescriptionProvider(services)
    },
    validation: {
        NetValidator: (services) => new NetValidator(services),
        DocumentValidator: (services) => new NetDocumentValidator(services)
    },
    model: {
        Labs: (services) => new NetLabs(services.shared),
        DocumentModels: (services) => new NetDocumentModels(services.model.Labs, services.model.RouteFiles),
        RouteFiles: (services) => new NetRouteFiles(services.shared),
        PingRuns: (services) => new NetPingRuns(services.model.DocumentModels),
        ModelIndex: (services) => new NetModelIndex(services.model.DocumentModels)
    },
    lsp: {
        HoverProvider: (services) => new NetHoverProvider(services),
        CodeLensProvider: (services) => new NetCodeLensProvider(services),
        InlayHintProvider: (services) => new NetInlayHintProvider(services),
        DocumentSymbolProvider: () => new NetDocumentSymbolProvider(),
        DocumentLinkProvider: (services) => new NetDocumentLinkProvider(services),
        FoldingRangeProvider: () => new NetFoldingRangeProvider(),
        Formatter: (services) => new NetFormatter(services),
        CompletionProvider: (services) => new NetCompletionProvider(services),
        RenameProvider: (services) => new NetRenameProvider(services),
        CodeActionProvider: (services) => new NetCodeActionProvider(services)
    }
};

/** The shared services this language changes: which documents are nettopo's and held (imported files among them), and when an edit is taken in. */
export const NetSharedModule: Module<LangiumSharedServices, DeepPartial<LangiumSharedServices>> = {
    ServiceRegistry: (shared) => new NetServiceRegistry(shared),
    workspace: {
        WorkspaceManager: (shared) => new NetWorkspaceManager(shared),
        DocumentBuilder: (shared) => new NetDocumentBuilder(shared)
    },
    lsp: {
        DocumentUpdateHandler: (shared) => new NetDocumentUpdateHandler(shared)
    }
};

/** Creates the shared services and the `.net` language services (for the language server, the CLI and tests). */
export function createNetServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Net: NetServices } {
    const shared = inject(createDefaultSharedModule(context), NetGeneratedSharedModule, NetSharedModule);
    const Net = inject(createDefaultModule({ shared }), NetGeneratedModule, NetModule);
    shared.ServiceRegistry.register(Net);
    registerValidationChecks(Net);
    // Created now, not on first ask: it reads each document's route files during the build.
    void Net.model.RouteFiles;
    if (!context.connection) {
        // Without a client, nothing sends the configuration: mark it as received.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Net };
}
