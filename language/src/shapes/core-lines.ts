import type { AstNode, Reference } from 'langium';
import type * as ast from '../generated/ast.js';

/**
 * A core statement a shape stands for: the member the model is built from (shaped as the parser
 * would have made it from `text`, so the model's builders take it as they take a written line), and
 * that line as `nettopo expand` prints it.
 */
export interface CoreLine {
    readonly member: ast.Member;
    readonly text: string;
}

/** The fields of a member as the parser sets them, without Langium's bookkeeping. */
type Fields<T extends AstNode> = Omit<T, '$container' | '$containerProperty' | '$containerIndex' | '$cstNode' | '$document'>;

function member<T extends ast.Member>(owner: ast.Node, fields: Fields<T>, text: string): CoreLine {
    return { member: { ...fields, $container: owner } as unknown as T, text };
}

export function bridgeLine(owner: ast.Node, name: string, address: string): CoreLine {
    return member<ast.Interface>(owner, { $type: 'Interface', bridge: true, down: false, name, addresses: [address] }, `bridge ${name} ${address}`);
}

/** `eth0 ADDR/LEN -- NODE.BRIDGE`, its cable already linked to the bridge's line. */
export function plugLine(owner: ast.Node, name: string, address: string, bridge: CoreLine): CoreLine {
    const target = bridge.member as ast.Interface;
    const refText = `${target.$container.name}.${target.name}`;
    const peer = { ref: target, $refText: refText } as Reference<ast.Linkable>;
    return member<ast.Interface>(
        owner,
        { $type: 'Interface', bridge: false, down: false, name, addresses: [address], peer },
        `${name} ${address} -- ${refText}`
    );
}

export function sysctlLine(owner: ast.Node, key: string, value: number): CoreLine {
    return member<ast.Sysctl>(owner, { $type: 'Sysctl', key, value }, `sysctl ${key} = ${value}`);
}

export function routeLine(owner: ast.Node, destination: string, gateway: string): CoreLine {
    const via = { $type: 'Via', gateway } as ast.Via;
    return member<ast.Route>(owner, { $type: 'Route', destination, options: [via] }, `route ${destination} via ${gateway}`);
}

export function hostsLine(owner: ast.Node, name: string, address: string): CoreLine {
    return member<ast.Hosts>(owner, { $type: 'Hosts', name, address }, `hosts ${name} ${address}`);
}

/** `in`/`out` [!]DEVICE, `from`/`to` [!]PREFIX, or `state S,...`: the rule options the shapes write. */
export type ShapeOption =
    | { readonly direction: 'in' | 'out'; readonly device: string; readonly negated?: true }
    | { readonly direction: 'from' | 'to'; readonly prefix: string; readonly negated?: true }
    | { readonly states: readonly ast.ConnState[] };

export function masqueradeLine(owner: ast.Node, source: string, out: ShapeOption): CoreLine {
    const from = { $type: 'AddressMatch', direction: 'from', negated: false, prefix: source } as ast.AddressMatch;
    return member<ast.Nat>(owner, { $type: 'Nat', action: 'masquerade', options: [from, option(out)] }, `nat masquerade from ${source} ${optionText(out)}`);
}

export function policyLine(owner: ast.Node, chain: ast.Chain, verdict: 'accept' | 'drop'): CoreLine {
    return member<ast.Filter>(owner, { $type: 'Filter', chain, policy: true, verdict, options: [] }, `filter ${chain} policy ${verdict}`);
}

export function filterLine(owner: ast.Node, chain: ast.Chain, verdict: ast.Verdict, options: readonly ShapeOption[]): CoreLine {
    const text = [`filter ${chain} ${verdict}`, ...options.map(optionText)].join(' ');
    return member<ast.Filter>(owner, { $type: 'Filter', chain, policy: false, verdict, options: options.map(option) }, text);
}

function option(shape: ShapeOption): ast.RuleOption {
    if ('states' in shape) return { $type: 'StateMatch', states: [...shape.states] } as ast.StateMatch;
    if ('prefix' in shape)
        return { $type: 'AddressMatch', direction: shape.direction, prefix: shape.prefix, negated: shape.negated ?? false } as ast.AddressMatch;
    return { $type: 'DeviceMatch', direction: shape.direction, device: shape.device, negated: shape.negated ?? false } as ast.DeviceMatch;
}

function optionText(shape: ShapeOption): string {
    if ('states' in shape) return `state ${shape.states.join(',')}`;
    return `${shape.direction} ${shape.negated ? '!' : ''}${'prefix' in shape ? shape.prefix : shape.device}`;
}
