import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';

/**
 * The Langium parser, with one fix: Langium 4.2's CST builder searches the parent's children for
 * the current node on every token, even when there are no hidden tokens (comments) to insert,
 * which makes parsing quadratic in the number of top-level statements (upstream
 * eclipse-langium/langium#1790). With nothing to insert, there is nothing to search for.
 */
export function createNetParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const builder = (parser as unknown as { nodeBuilder: { addHiddenNodes(tokens: readonly unknown[]): void } }).nodeBuilder;
    const addHiddenNodes = builder.addHiddenNodes.bind(builder);
    builder.addHiddenNodes = (tokens) => {
        if (tokens.length > 0) addHiddenNodes(tokens);
    };
    return parser;
}
