import {
    AstUtils,
    DefaultScopeComputation,
    DefaultScopeProvider,
    MapScope,
    MultiMap,
    type AstNodeDescription,
    type LangiumCoreServices,
    type LangiumDocument,
    type LocalSymbols,
    type ReferenceInfo,
    type Scope,
    WorkspaceCache
} from 'langium';
import { isNode, isSwitch, type Topology } from './generated/ast.js';
import { isHostShape, shapeBridge } from './shapes/docker-shapes.js';
import type { NetLabs, NetDocument } from './net-labs.js';
import type { NetServices } from './net-module.js';

/**
 * The names a file defines (switches, nodes, and interfaces as `NODE.IFNAME`, a shape's bridge
 * among them) are its local symbols. They are visible everywhere in that file and in every file that
 * imports it, directly or not (see {@link NetScopeProvider}); nothing goes through Langium's global
 * index, which would make every loaded file's names visible in every other.
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
 * A file's scope is its lab's names: the file's own and those of every file it imports,
 * transitively, in the lab's order; a name means its first definition (a second one is an error,
 * in the file that holds it). One map per document and reference type: Langium's default provider
 * filters every local symbol for each reference, which is quadratic in the file's size. The maps
 * are dropped on every update, since an edit of an imported file changes its importers' scopes.
 */
export class NetScopeProvider extends DefaultScopeProvider {
    private readonly scopes: WorkspaceCache<string, Scope>;
    private readonly labs: NetLabs;

    constructor(services: NetServices) {
        super(services as LangiumCoreServices);
        this.scopes = new WorkspaceCache(services.shared);
        this.labs = services.model.Labs;
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container) as NetDocument;
        return this.scopes.get(`${referenceType} ${document.uri.toString()}`, () => {
            const first = new Map<string, AstNodeDescription>();
            for (const member of this.labs.lab(document)) {
                const symbols = member.localSymbols?.getStream(member.parseResult.value) ?? [];
                for (const symbol of symbols) {
                    if (!first.has(symbol.name) && this.reflection.isSubtype(symbol.type, referenceType)) first.set(symbol.name, symbol);
                }
            }
            return new MapScope(first.values());
        });
    }
}
