import * as vscode from 'vscode';
import type { NodeView, TopologyView } from '../../language/src/lsp/net-protocol.js';

const describe = (node: NodeView) => node.interfaces.map((iface) => `${iface.name} ${iface.addresses.join(', ') || '(no address)'}`).join('  ·  ');

/** Asks for one of the document's hosts and routers. */
export async function pickNode(topology: TopologyView, title: string): Promise<string | undefined> {
    if (topology.nodes.length === 0) {
        void vscode.window.showInformationMessage('nettopo: this file has no host or router yet.');
        return undefined;
    }
    const picked = await vscode.window.showQuickPick(
        topology.nodes.map((node) => ({ label: node.name, description: node.kind, detail: describe(node) })),
        { title, placeHolder: 'host or router', matchOnDescription: true, matchOnDetail: true }
    );
    return picked?.label;
}

/**
 * Asks what to ping: a node (its first address), one of its interfaces (`NODE.IFNAME`), one of the
 * addresses, or anything typed (an address nobody holds is a fine thing to ping).
 */
export async function pickTarget(topology: TopologyView, source: string): Promise<string | undefined> {
    const nodes = new Map(topology.nodes.map((node) => [node.name, node]));
    const items: vscode.QuickPickItem[] = topology.pingTargets.flatMap((target): vscode.QuickPickItem[] => {
        const node = nodes.get(target.node);
        if (target.kind === 'node') {
            return [
                { label: target.node, kind: vscode.QuickPickItemKind.Separator },
                { label: target.text, description: `${node?.kind}, its first address` }
            ];
        }
        // An interface is described by its first address as written (`ADDR/LEN`), an address by its interface.
        const written = node?.interfaces.find((iface) => iface.name === target.device)?.addresses[0];
        return [{ label: target.text, description: target.kind === 'address' ? `${target.node}.${target.device}` : written }];
    });
    const quickPick = vscode.window.createQuickPick();
    quickPick.title = `ping -c 1 … on ${source}`;
    quickPick.placeholder = 'a node, NODE.IFNAME or an address (type any address)';
    quickPick.items = items;
    quickPick.matchOnDescription = true;
    // What is typed comes first, so that an address that is a prefix of a listed one can be pinged.
    quickPick.onDidChangeValue((value) => {
        const typed = value.trim();
        const listed = items.some((item) => item.label === typed);
        quickPick.items = typed && !listed ? [{ label: typed, description: 'ping this' }, ...items] : items;
    });
    return new Promise<string | undefined>((resolve) => {
        quickPick.onDidAccept(() => {
            resolve(quickPick.selectedItems[0]?.label);
            quickPick.hide();
        });
        quickPick.onDidHide(() => {
            resolve(undefined);
            quickPick.dispose();
        });
        quickPick.show();
    });
}
