import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
    type LangiumSharedServices, type PartialLangiumServices
} from 'langium/lsp';
import { NetGeneratedModule, NetGeneratedSharedModule } from './generated/module.js';
import { createNetParser } from './net-parser.js';
import { NetLexerErrorMessageProvider, NetParserErrorMessageProvider } from './net-parser-messages.js';
import { NetScopeComputation, NetScopeProvider } from './net-scope.js';
import { NetValidator, registerValidationChecks } from './net-validator.js';
import { NetLinker } from './net-linker.js';
import { NetCodeActionProvider } from './lsp/net-code-actions.js';

/** Services this language adds to Langium's. */
export type NetAddedServices = {
    validation: {
        NetValidator: NetValidator;
    };
};

export type NetServices = LangiumServices & NetAddedServices;

/** Wires the `.net` language's own services into Langium's defaults. */
export const NetModule: Module<NetServices, PartialLangiumServices & NetAddedServices> = {
    parser: {
        LangiumParser: (services) => createNetParser(services),
        ParserErrorMessageProvider: () => new NetParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new NetLexerErrorMessageProvider()
    },
    references: {
        ScopeComputation: (services) => new NetScopeComputation(services),
        ScopeProvider: (services) => new NetScopeProvider(services),
        Linker: (services) => new NetLinker(services)
    },
    validation: {
        NetValidator: () => new NetValidator()
    },
    lsp: {
        CodeActionProvider: () => new NetCodeActionProvider()
    }
};

/** Creates the shared services and the `.net` language services (for the language server, the CLI and tests). */
export function createNetServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Net: NetServices } {
    const shared = inject(createDefaultSharedModule(context), NetGeneratedSharedModule);
    const Net = inject(createDefaultModule({ shared }), NetGeneratedModule, NetModule);
    shared.ServiceRegistry.register(Net);
    registerValidationChecks(Net);
    if (!context.connection) {
        // Without a client, nothing sends the configuration: mark it as received.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Net };
}
