/**
 * The side panel: a node's interfaces, sysctls, route table (`ip route` and `route -n`), iptables
 * listings and diagnostics, with actions (ping from or to it, toggle forwarding, its quick fixes); a switch's
 * ports; or, with nothing selected, the file's `ping` lines to play.
 */
import type { DiagnosticView, NodeView, PingLineView, SwitchView, TextRange, TopologyView } from '../../language/src/lsp/net-protocol.js';
import { el } from './dom.js';

export interface DetailActions {
    reveal(range: TextRange): void;
    pingFrom(node: string): void;
    pingTo(node: string): void;
    play(source: string, target: string): void;
    toggleForwarding(node: string): void;
    listFixes(node: string): void;
    applyFix(node: string, title: string): void;
}

function diagnosticList(diagnostics: readonly DiagnosticView[], actions: DetailActions): HTMLElement {
    if (!diagnostics.length) return el('p', { class: 'muted' }, 'No problems.');
    return el(
        'div',
        { class: 'diagnostics' },
        ...diagnostics.map((diagnostic) =>
            el(
                'button',
                {
                    class: `diagnostic ${diagnostic.severity}`,
                    title: `line ${diagnostic.range.start.line + 1}`,
                    onclick: () => actions.reveal(diagnostic.range)
                },
                diagnostic.message,
                diagnostic.code ? el('span', { class: 'muted' }, ` [${diagnostic.code}]`) : undefined
            )
        )
    );
}

/** A node's details. `fixes` are the quick-fix titles once fetched for this node. */
export function nodeDetails(node: NodeView, actions: DetailActions, fixes: readonly string[] | undefined): HTMLElement {
    const forwardingWord = { all: 'on', some: 'on some interfaces', none: 'off' }[node.forwarding];
    const interfaces = el(
        'table',
        {},
        el('tr', {}, el('th', {}, 'interface'), el('th', {}, 'addresses'), el('th', {}, 'fwd'), el('th', {}, 'rp_filter'), el('th', {}, 'redirects')),
        ...node.interfaces.map((iface) =>
            el(
                'tr',
                {},
                el(
                    'td',
                    {},
                    el(
                        'button',
                        { class: 'route-row written', onclick: () => actions.reveal(iface.range) },
                        iface.state ? `${iface.name} (${iface.state})` : iface.name
                    )
                ),
                el('td', { class: 'mono' }, iface.addresses.join(', ') || '(none)'),
                el('td', {}, node.interfaceForwarding[iface.name] ? '1' : '0'),
                el('td', {}, String(node.rpFilter[iface.name] ?? 0)),
                el('td', {}, node.sendRedirects[iface.name] ? '1' : '0')
            )
        )
    );
    const routes = el(
        'div',
        { class: 'routes mono' },
        ...node.routes.map((route) =>
            route.range
                ? el('button', { class: 'route-row written', title: 'show the route statement', onclick: () => actions.reveal(route.range!) }, route.text)
                : el('div', { class: 'route-row', title: 'a connected route (from an address)' }, route.text)
        )
    );
    const fixList =
        fixes === undefined
            ? undefined
            : fixes.length === 0
              ? el('p', { class: 'muted' }, 'The language server offers no quick fix here.')
              : el(
                    'div',
                    { class: 'actions' },
                    ...fixes.map((title) => el('button', { class: 'primary fix', onclick: () => actions.applyFix(node.name, title) }, title))
                );
    return el(
        'div',
        { class: 'node-details', 'data-node': node.name },
        el('h2', {}, `${node.kind} ${node.name}`),
        el(
            'div',
            { class: 'actions' },
            el('button', { onclick: () => actions.pingFrom(node.name) }, 'Ping from here'),
            el('button', { onclick: () => actions.pingTo(node.name) }, 'Ping to here'),
            el(
                'button',
                { class: 'toggle-forwarding', onclick: () => actions.toggleForwarding(node.name) },
                node.forwarding === 'all' ? 'Turn forwarding off' : 'Turn forwarding on'
            ),
            el('button', { class: 'list-fixes', onclick: () => actions.listFixes(node.name) }, 'Quick fixes…'),
            el('button', { onclick: () => actions.reveal(node.range) }, 'Show in editor')
        ),
        fixList,
        el('p', {}, 'Forwarding (net.ipv4.ip_forward): ', el('strong', { class: 'forwarding' }, forwardingWord)),
        el('h3', {}, 'Interfaces'),
        interfaces,
        el('h3', {}, 'Sysctls'),
        node.sysctls.length
            ? el(
                  'div',
                  { class: 'mono' },
                  ...node.sysctls.map((sysctl) =>
                      el('button', { class: 'route-row written', onclick: () => actions.reveal(sysctl.range) }, `${sysctl.key} = ${sysctl.value}`)
                  )
              )
            : el('p', { class: 'muted' }, `None: a fresh namespace's values (${node.kind === 'router' ? 'a router forwards' : 'a host does not forward'}).`),
        el('h3', {}, 'ip route'),
        routes,
        el('h3', {}, 'route -n'),
        el('pre', { class: 'route-n' }, node.routeN),
        ...(node.iptables
            ? [
                  el('h3', {}, 'iptables -S'),
                  el('pre', { class: 'iptables' }, node.iptables.filter),
                  el('h3', {}, 'iptables -t nat -S'),
                  el('pre', { class: 'iptables-nat' }, node.iptables.nat)
              ]
            : []),
        el('h3', {}, 'Problems'),
        diagnosticList(node.diagnostics, actions)
    );
}

export function switchDetails(entry: SwitchView, view: TopologyView, actions: DetailActions): HTMLElement {
    const ports = view.links.flatMap((link) => (link.kind === 'switch' && link.switch === entry.name ? [link] : []));
    const addresses = (node: string, device: string) =>
        view.nodes
            .find((candidate) => candidate.name === node)
            ?.interfaces.find((iface) => iface.name === device)
            ?.addresses.join(', ') ?? '';
    return el(
        'div',
        { class: 'switch-details' },
        el('h2', {}, `switch ${entry.name}`),
        el('p', {}, 'Subnets: ', el('span', { class: 'mono' }, entry.subnets.join(', ') || '(none)')),
        el('div', { class: 'actions' }, el('button', { onclick: () => actions.reveal(entry.range) }, 'Show in editor')),
        el('h3', {}, `Ports (${ports.length})`),
        el(
            'table',
            {},
            ...ports.map((port) => el('tr', {}, el('td', {}, `${port.node}.${port.device}`), el('td', { class: 'mono' }, addresses(port.node, port.device))))
        ),
        el('h3', {}, 'Problems'),
        diagnosticList(entry.diagnostics, actions)
    );
}

/** With nothing selected: how to use the picture, and the file's `ping` lines. */
export function overview(pings: readonly PingLineView[], actions: DetailActions): HTMLElement {
    return el(
        'div',
        { class: 'overview' },
        el('p', { class: 'muted' }, 'Click a node for its interfaces and routes. Drag nodes to place them; drag the background to pan; scroll to zoom.'),
        el('h3', {}, 'Pings in this file'),
        pings.length
            ? el(
                  'div',
                  { class: 'ping-lines' },
                  ...pings.map((ping) =>
                      el(
                          'button',
                          {
                              class: `ping-line${ping.holds ? '' : ' fails'}`,
                              title: ping.holds ? 'the expectation holds' : 'the expectation does not hold',
                              onclick: () => actions.play(ping.source, ping.targetText)
                          },
                          `ping ${ping.source} -> ${ping.targetText}${ping.expectReply ? '' : ' fails'}  `,
                          el('span', { class: 'muted' }, ping.verdict)
                      )
                  )
              )
            : el('p', { class: 'muted' }, 'None yet: pick a source and a target above.')
    );
}
