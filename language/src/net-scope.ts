import {
    AstUtils,
    DefaultScopeComputation,
    DefaultScopeProvider,
    DocumentCache,
    MapScope,
    MultiMap,
    type AstNodeDescription,
    type LangiumCoreServices,
    type LangiumDocument,
    type LocalSymbols,
    type ReferenceInfo,
    type Scope
} from 'langium';
import { isNode, isSwitch, type Topology } from './generated/ast.js';
import { isHostShape, shapeBridge } from './shapes/docker-shapes.js';

/**
 * Every `.net` file is a topology of its own: nothing is exported to other files, and the
 * names a file defines (switches, nodes, and interfaces as `NODE.IFNAME`, a shape's bridge among them) are visible
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
                    const name = member.$type === 'Interface' ? member.name : isHostShape(member) ? shapeBridge(member) : undefined;
                    if (name) symbols.add(root, this.descriptions.createDescription(member, `${statement.name}.${name}`, document));
                }
            }
        }
        return symbols;
    }
}

/**
 * Looks names up in one map per document and reference type. Langium's default provider filters
 * every local symbol of the file for each reference, which is quadratic in the file's size.
 */
export class NetScopeProvider extends DefaultScopeProvider {
    private readonly scopes: DocumentCache<string, Scope>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopes = new DocumentCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        return this.scopes.get(document.uri, referenceType, () => {
            const symbols = document.localSymbols
                ?.getStream(document.parseResult.value)
                .filter((symbol) => this.reflection.isSubtype(symbol.type, referenceType));
            return new MapScope(symbols ?? []);
        });
    }
}
