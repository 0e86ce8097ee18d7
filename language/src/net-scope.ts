import { DefaultScopeComputation, MultiMap, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isNode, isSwitch, type Topology } from './generated/ast.js';

/**
 * Every `.net` file is a topology of its own: nothing is exported to other files, and the
 * names a file defines (switches, nodes, and interfaces as `NODE.IFNAME`) are visible
 * everywhere in that file and nowhere else.
 */
export class NetScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(): Promise<AstNodeDescription[]> {
        return [];
    }

    override async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        const root = document.parseResult.value as Topology;
        const symbols = new MultiMap<Topology, AstNodeDescription>();
        for (const statement of root.statements) {
            if (isSwitch(statement) || isNode(statement)) {
                if (statement.name) symbols.add(root, this.descriptions.createDescription(statement, statement.name, document));
            }
            if (isNode(statement)) {
                for (const member of statement.members) {
                    if (member.$type === 'Interface' && member.name) {
                        symbols.add(root, this.descriptions.createDescription(member, `${statement.name}.${member.name}`, document));
                    }
                }
            }
        }
        return symbols;
    }
}
