import type { Fix } from '../checks/finding.js';
import { fixEdits } from '../fixes/fix-edits.js';
import { forwardingState } from '../engine/node-settings.js';
import type { DocumentEdits } from '../lsp/net-protocol.js';
import type { ModelledDocument } from '../net-document.js';

const IP_FORWARD = 'net.ipv4.ip_forward';
const PER_INTERFACE = /^net\.ipv4\.conf\.(?!all\.|default\.)[^.]+\.forwarding$/;

/**
 * The edit that turns a node's forwarding off when it forwards on every interface, else on: its
 * `ip_forward` line set (or added), and any per-interface `forwarding` line set the same way, so
 * that every interface follows. The text edits are the fixes module's (comments and layout kept).
 */
export function toggleForwardingEdits(modelled: ModelledDocument, name: string): DocumentEdits | { error: string } {
    const { document, network, origins } = modelled;
    const node = network.nodes.get(name);
    if (!node) return { error: `no host or router is named '${name}'` };
    const forwards = forwardingState(node.model, node.settings) === 'all';
    const value = forwards ? 0 : 1;
    const perInterface = [...new Set(node.model.sysctls.map((sysctl) => sysctl.key).filter((key) => PER_INTERFACE.test(key)))];
    const fix: Fix = {
        title: `Turn forwarding ${forwards ? 'off' : 'on'} in ${name}`,
        changes: [
            { kind: 'set-sysctl', node: name, key: IP_FORWARD, value, aliases: ['net.ipv4.conf.all.forwarding'] },
            ...perInterface.map((key) => ({ kind: 'set-sysctl' as const, node: name, key, value }))
        ]
    };
    return { uri: document.uri.toString(), edits: fixEdits(fix, document, origins) };
}
