import { AstUtils, GrammarUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { formatIpv4, parseIpv4 } from '../address/ipv4.js';
import * as ast from '../generated/ast.js';
import type { PingModel } from '../model/topology.js';
import type { NetDocumentModels } from '../net-document.js';
import type { NetServices } from '../net-module.js';
import { gatewayHolder, holderName, holdersOf } from '../views/address-view.js';
import type { NetModelIndex } from '../views/model-index.js';

/**
 * Inlay hints where they save a lookup: after a gateway, the interface that holds it (`R1.eth0`,
 * the one on the route's link first); after a ping target, its holder or, for a name, its address.
 */
export class NetInlayHintProvider extends AbstractInlayHintProvider {
    private readonly models: NetDocumentModels;
    private readonly index: NetModelIndex;

    constructor(services: NetServices) {
        super();
        this.models = services.model.DocumentModels;
        this.index = services.model.ModelIndex;
    }

    computeInlayHint(node: AstNode, accept: InlayHintAcceptor): void {
        if (ast.isVia(node)) this.gatewayHint(node, accept);
        else if (ast.isPingTarget(node)) this.targetHint(node, accept);
    }

    private gatewayHint(via: ast.Via, accept: InlayHintAcceptor): void {
        const gateway = parseIpv4(via.gateway);
        const owner = AstUtils.getContainerOfType(via, ast.isNode);
        const end = GrammarUtils.findNodeForProperty(via.$cstNode, 'gateway')?.range.end;
        if (typeof gateway !== 'number' || !owner || !end) return;
        const { network } = this.models.get(AstUtils.findRootNode(via) as ast.Topology);
        const holder = gatewayHolder(network, owner.name, gateway);
        if (!holder) return;
        const holders = holdersOf(network, gateway).filter((other) => other.node !== owner.name);
        accept({ position: end, label: holderName(holder), paddingLeft: true, tooltip: `${via.gateway} is held by ${holders.map(holderName).join(', ')}` });
    }

    private targetHint(target: ast.PingTarget, accept: InlayHintAcceptor): void {
        const end = target.$cstNode?.range.end;
        if (!end) return;
        const root = AstUtils.findRootNode(target) as ast.Topology;
        const model = this.models.get(root);
        if (target.address !== undefined) {
            const address = parseIpv4(target.address);
            const holders = typeof address === 'number' ? holdersOf(model.network, address) : [];
            if (holders.length) accept({ position: end, label: holders.map(holderName).join(', '), paddingLeft: true });
        } else {
            const ping = this.index.objectOf(root, target.$container) as PingModel | undefined;
            if (ping?.target !== undefined) accept({ position: end, label: formatIpv4(ping.target), paddingLeft: true });
        }
    }
}
