import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CstUtils, EmptyFileSystem, type LeafCstNode } from 'langium';
import { expect, test } from 'vitest';
import type { Topology } from '../../language/src/generated/ast.js';
import { createNetServices } from '../../language/src/net-module.js';

/**
 * The CST's leaves compute their ranges from their offsets (language/src/net-cst.ts): each must be
 * the range Chevrotain gives its token, on every example, on line endings of both kinds, on
 * comments, blank lines, a byte order mark, and on text the lexer cannot read.
 */
const { Net } = createNetServices(EmptyFileSystem);
const examples = readdirSync('examples')
    .filter((name) => name.endsWith('.net'))
    .map((name) => readFileSync(join('examples', name), 'utf8'));
const texts = [
    ...examples,
    ...examples.map((text) => text.replace(/\n/g, '\r\n')),
    '\uFEFFhost a {\r\n  eth0 10.0.0.1/24 # c\n\n}\r\n# end',
    'host a {\n  eth0 10.0.0.1/24 \r ~ § -- x\n}\n\n\n',
    ''
];

test.each(texts.map((text, index) => [index, text]))('text %i: every leaf has its token’s range', (_index, text) => {
    const lexed = Net.parser.Lexer.tokenize(text);
    const expected = new Map([...lexed.tokens, ...lexed.hidden].map((token) => [token.startOffset, CstUtils.tokenToRange(token)]));
    const root = Net.parser.LangiumParser.parse<Topology>(text).value.$cstNode!;
    const leaves = CstUtils.streamCst(root)
        .filter((node): node is LeafCstNode => 'tokenType' in node)
        .toArray();
    expect(leaves.length).toBe(expected.size);
    for (const leaf of leaves) expect(leaf.range, leaf.text).toEqual(expected.get(leaf.offset));
});
