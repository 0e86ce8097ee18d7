import { AstUtils, CstUtils, type AstNode, type LangiumDocument, type LeafCstNode } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { formatIpv4, formatPrefix, parseCidr, type Prefix } from '../address/ipv4.js';
import type { PingRun } from '../checks/ping-checks.js';
import { describeLinkState, pingVerdict } from '../engine/explain.js';
import type { NetworkNode } from '../engine/network.js';
import { classifySysctl, forwardingState } from '../engine/node-settings.js';
import { formatIpRoute, formatIpRoutes, formatRouteN, SUMMARY_FIRST } from '../engine/route-format.js';
import * as ast from '../generated/ast.js';
import type { InterfaceModel, NodeModel, PingModel, RouteSpec } from '../model/topology.js';
import type { DocumentModel, NetDocumentModels } from '../net-document.js';
import type { NetServices } from '../net-module.js';
import type { NetDocument, NetLabs } from '../net-labs.js';
import type { NetPingRuns } from '../net-ping-runs.js';
import { addressRoles, holderName, holdersIn, holdersOf, subnetFacts } from '../views/address-view.js';
import { bridgeFacts, bridgesOf, policyInForce, ruleLine, ruleListings, type BridgeFacts, type RuleObject } from '../views/container-view.js';
import type { NetModelIndex } from '../views/model-index.js';
import { pingView } from '../views/ping-view.js';
import { routeCarries } from '../views/route-view.js';
import { within } from './net-names.js';
import { shapeLines } from '../shapes/expand-text.js';
import { isShapeNode, shapeKeyword, type Shape } from '../shapes/docker-shapes.js';
import type { NetReferences } from './net-references.js';
import type { PingView } from './net-protocol.js';

/** How many addresses a hover lists before it says how many more there are. */
const LIST_LIMIT = 8;
/** How many of a route's destinations a hover simulates a ping to. */
const ROUTE_PINGS = 5;

/**
 * Hovers that answer what a network engineer would otherwise look up: a node's tables exactly as
 * `ip route` and `route -n` print them, its interfaces and settings; an address's subnet and who
 * holds it; what a route carries where; and what a `ping` line prints. Everything comes from the
 * document's model (built once per parse); only route and ping hovers simulate, a few pings each.
 */
export class NetHoverProvider implements HoverProvider {
    private readonly references: NetReferences;
    private readonly models: NetDocumentModels;
    private readonly pingRuns: NetPingRuns;
    private readonly index: NetModelIndex;
    private readonly labs: NetLabs;

    constructor(services: NetServices) {
        this.labs = services.model.Labs;
        this.references = services.references.References as NetReferences;
        this.models = services.model.DocumentModels;
        this.pingRuns = services.model.PingRuns;
        this.index = services.model.ModelIndex;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf || leaf.hidden) return undefined;
        const topology = document as LangiumDocument<ast.Topology>;
        const model: HoverModel = {
            ...this.models.get(topology),
            objectOf: (node) => this.index.objectOf(topology, node),
            runs: () => this.pingRuns.get(topology)
        };
        const value = this.contentFor(leaf, model);
        return value ? { contents: { kind: 'markdown', value }, range: leaf.range } : undefined;
    }

    private contentFor(leaf: LeafCstNode, model: HoverModel): string | undefined {
        const owner = leaf.astNode;
        if (ast.isImport(owner)) return this.importHover(owner);
        const ping = AstUtils.getContainerOfType(owner, ast.isPing);
        if (ping && !(owner === ping && within(leaf, ping.source?.$refNode))) return pingHover(ping, model);
        if (ast.isDocker(owner) || ast.isNetwork(owner) || ast.isFlannel(owner)) return shapeHover(owner, model);
        if (ast.isNode(owner) && isShapeNode(owner) && !within(leaf, owner.host?.$refNode)) {
            return `${nodeHover(owner, model)}\n\n${shapeHover(owner, model)}`;
        }
        if (isAddressToken(leaf)) {
            if (ast.isRoute(owner)) return routeHover(owner, model);
            return addressHover(leaf.text, model);
        }
        const declared = this.references.findDeclarations(leaf)[0];
        if (ast.isNode(declared)) return nodeHover(declared, model);
        if (ast.isInterface(declared)) return interfaceHover(declared, model);
        if (ast.isSwitch(declared)) return switchHover(declared, model);
        const route = AstUtils.getContainerOfType(owner, ast.isRoute);
        if (route) return routeHover(route, model);
        const rule = AstUtils.getContainerOfType(owner, (node) => ast.isNat(node) || ast.isFilter(node));
        if (rule) return ruleHover(rule as ast.Nat | ast.Filter, model);
        if (ast.isSysctl(owner)) return sysctlHover(owner, model);
        if (ast.isRoutesFrom(owner)) return routesFromHover(owner, model);
        if (ast.isNode(owner)) return nodeHover(owner, model);
        if (ast.isSwitch(owner)) return switchHover(owner, model);
        return undefined;
    }

    /** The file an import reads, and the switches and nodes it brings (with what it imports in turn). */
    private importHover(statement: ast.Import): string | undefined {
        const document = AstUtils.getDocument(statement) as NetDocument;
        const link = this.labs.importsOf(document).find((each) => each.statement === statement);
        const imported = link && this.labs.imported(link);
        if (!link || !imported) return undefined;
        const statements = this.labs.lab(imported).flatMap((file) => file.parseResult.value.statements);
        const names = (found: readonly { name?: string }[]) => found.map((each) => `\`${each.name}\``).join(', ') || 'none';
        const files = this.labs.lab(imported).length;
        return [
            `**import** \`${link.uri.scheme === 'file' ? link.uri.fsPath : link.uri.toString()}\`${files > 1 ? ` (and the ${files - 1} it imports)` : ''}`,
            `- switches: ${names(statements.filter(ast.isSwitch))}`,
            `- nodes: ${names(statements.filter(ast.isNode))}`
        ].join('\n\n');
    }
}

/** What a hover reads of its document: the model, the model object of a piece of syntax, the simulated `ping` lines. */
interface HoverModel extends DocumentModel {
    objectOf(node: AstNode): object | undefined;
    runs(): readonly PingRun[];
}

const SHAPE_TITLES: Record<string, string> = {
    Docker: 'what the Docker daemon sets up',
    Network: 'a user-defined Docker network (`docker network create`)',
    Flannel: "a Kubernetes node's pod subnet, routed by flannel's host-gw backend",
    container: 'a Docker container (`docker run`)',
    pod: 'a Kubernetes pod on that node (its CNI bridge)'
};

/** A shape: what it is, and the core statements it stands for (what `nettopo expand` writes in its place). */
function shapeHover(shape: Shape, model: HoverModel): string {
    const keyword = shapeKeyword(shape);
    const lines = shapeLines(shape, model.expansion);
    const head = `**${keyword}** — ${SHAPE_TITLES[ast.isNode(shape) ? shape.kind : shape.$type]}`;
    if (!lines.length) return `${head}: stands for nothing until its problem is fixed (see the problems)`;
    return `${head}; it stands for these core statements (as \`nettopo expand\` writes them):\n\n${block(lines.join('\n'))}`;
}

function isAddressToken(leaf: LeafCstNode): boolean {
    return leaf.tokenType.name === 'ADDRESS' || leaf.tokenType.name === 'PREFIX';
}

/** A fenced block whose content is exactly `text` (which ends with a newline, or is empty). */
function block(text: string): string {
    return `\`\`\`text\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}\`\`\``;
}

const code = (text: string) => `\`${text}\``;

/** rp_filter values in words. */
const RP = ['0 (off)', '1 (strict)', '2 (loose)'];

function networkNodeOf(model: HoverModel, node: ast.Node): NetworkNode | undefined {
    const object = model.objectOf(node);
    return object ? model.network.nodes.get(node.name) : undefined;
}

/** A node's hover lists a table of up to this many routes whole; a bigger one (a route file's) is summarized. */
const HOVER_ROUTES = 50;

/** A node: kind and forwarding, interfaces, its bridges' ports, settings, both route tables, refused routes, its iptables rules. */
function nodeHover(node: ast.Node, model: HoverModel): string {
    const compiled = networkNodeOf(model, node);
    if (!compiled) return `**${node.kind}** ${code(node.name ?? '')}: not simulated (its name is taken or missing; see the problems)`;
    const { settings, model: spec } = compiled;
    const lines = [`**${node.kind}** ${code(spec.name)} — ${forwardingSummary(compiled)}`, ''];
    if (spec.interfaces.length) {
        lines.push('| interface | addresses | plugged into |', '|---|---|---|');
        for (const iface of spec.interfaces) {
            const state = describeLinkState(compiled, iface.name);
            lines.push(`| ${code(iface.name)} | ${addressList(iface)} | ${linkText(iface)}${state ? ` (${state.brief})` : ''} |`);
        }
        lines.push('');
    }
    for (const bridge of bridgesOf(model.network.topology, spec)) lines.push(...bridgeLines(bridge), '');
    lines.push(settingsSummary(compiled), '', ...inheritedLines(spec));
    if (settings.icmpEchoIgnoreAll) lines.push('It ignores echo requests (`net.ipv4.icmp_echo_ignore_all = 1`).', '');
    const size = compiled.table.entries.length;
    // A route file's table is summarized (`nettopo routes FILE NODE` prints all of it).
    const summary = size > HOVER_ROUTES ? ` — ${size} routes; its connected and default routes and the first ${SUMMARY_FIRST} others:` : '';
    lines.push(
        `\`ip route\`${summary}`,
        block(formatIpRoutes(compiled.table, HOVER_ROUTES)),
        '',
        '`route -n`',
        block(formatRouteN(compiled.table, HOVER_ROUTES))
    );
    if (compiled.refused.length) {
        lines.push('', '`ip route add` refuses:');
        for (const refusal of compiled.refused.slice(0, HOVER_ROUTES)) lines.push(`- ${code(`route ${refusal.spec.text}`)}: ${refusal.reason}`);
        if (compiled.refused.length > HOVER_ROUTES) lines.push(`- … ${compiled.refused.length - HOVER_ROUTES} more (see the problems)`);
    }
    lines.push(...ruleBlocks(compiled));
    return lines.join('\n');
}

/** A `routes from` line: how many routes its file gave the node, of which kinds; the table itself is the node's hover. */
function routesFromHover(line: ast.RoutesFrom, model: HoverModel): string {
    const node = networkNodeOf(model, line.$container);
    const routes = node?.model.routes.filter((route) => model.origins.get(route) === line) ?? [];
    const head = `**routes from** ${code(line.path ?? '')}`;
    if (!node || routes.length === 0) return `${head}: no route read from it (see the problems)`;
    const connected = routes.filter((route) => route.dumped?.proto === 'kernel').length;
    const multipath = routes.filter((route) => route.dumped?.nexthops).length;
    const refused = node.refused.filter((refusal) => model.origins.get(refusal.spec) === line).length;
    const parts = [
        `${connected} connected (made by ${node.model.name}'s addresses, checked against them)`,
        `${multipath} multipath (sent by the first nexthop)`,
        `${refused} refused by \`ip route add\``
    ];
    return `${head} — ${routes.length} route${routes.length === 1 ? '' : 's'} into ${code(node.model.name)}'s main table: ${parts.join(', ')}. The node's hover shows the table.`;
}

/** A bridge and what is plugged into its ports (each a veth pair's other end), with addresses. */
function bridgeLines({ bridge, ports }: BridgeFacts): string[] {
    const head = `Bridge ${code(bridge.name)} ${addressList(bridge)} — ${ports.length ? `${ports.length} port${ports.length === 1 ? '' : 's'}:` : 'no port: nothing is plugged into it.'}`;
    if (!ports.length) return [head];
    return [head, '', '| port to | addresses |', '|---|---|', ...ports.map((port) => `| ${code(`${port.node}.${port.name}`)} | ${addressList(port)} |`)];
}

/** The node's rules as `iptables -S` and `iptables -t nat -S` print them (nothing for a node without `nat` or `filter` lines). */
function ruleBlocks(node: NetworkNode): string[] {
    const listings = ruleListings(node.model);
    return listings ? ['', '`iptables -S`', block(listings.filter), '', '`iptables -t nat -S`', block(listings.nat)] : [];
}

function forwardingSummary(node: NetworkNode): string {
    const state = forwardingState(node.model, node.settings);
    if (state === 'all') return `forwards packets (${node.settings.ipForward ? 'ip_forward 1' : 'forwarding 1 on every interface'})`;
    if (state === 'none') return 'does not forward packets (ip_forward 0)';
    const forwarding = node.model.interfaces.map((iface) => iface.name).filter((device) => node.settings.forwards(device));
    return `forwards what arrives on ${forwarding.map(code).join(', ')} only`;
}

/** rp_filter and send_redirects, per interface where they differ. */
function settingsSummary(node: NetworkNode): string {
    const devices = node.model.interfaces.map((iface) => iface.name);
    const per = (value: (device: string) => string) => {
        const values = devices.map(value);
        if (new Set(values).size <= 1) return values[0] ?? value('all');
        return devices.map((device, index) => `${code(device)} ${values[index]}`).join(', ');
    };
    const rpFilter = per((device) => RP[node.settings.rpFilter(device)]);
    const redirects = per((device) => (node.settings.sendRedirects(device) ? '1' : '0'));
    return `rp_filter ${rpFilter} · send_redirects ${redirects}`;
}

/** The lab's defaults the node starts with, each marked where one of its own lines sets the key again. */
function inheritedLines(node: NodeModel): string[] {
    const inherited = node.sysctls.filter((sysctl) => sysctl.fromDefaults);
    if (!inherited.length) return [];
    const own = new Set(node.sysctls.filter((sysctl) => !sysctl.fromDefaults).map((sysctl) => sysctl.key));
    const entries = inherited.map(({ key, value }) => `- ${code(`${key} = ${value}`)}${own.has(key) ? ' (overridden by its own line)' : ''}`);
    return ['From `defaults`:', ...entries, ''];
}

function addressList(iface: InterfaceModel): string {
    if (iface.addresses.length === 0) return '—';
    return addressRoles(iface)
        .map(({ address, primary }) => formatPrefix(address) + (primary ? '' : ' (secondary)'))
        .join(', ');
}

function linkText(iface: InterfaceModel): string {
    if (!iface.link) return iface.down ? 'nothing' : 'nothing (up, alone on its link)';
    if (iface.link.kind === 'bridge') return `bridge ${code(`${iface.link.node}.${iface.link.bridge}`)} (a veth pair to one of its ports)`;
    return iface.link.kind === 'switch' ? `switch ${code(iface.link.switch)}` : `cable to ${code(`${iface.link.node}.${iface.link.interface}`)}`;
}

/** An interface: its node, addresses with their subnets, link, and per-interface settings. */
function interfaceHover(iface: ast.Interface, model: HoverModel): string {
    const node = networkNodeOf(model, iface.$container);
    const spec = model.objectOf(iface) as InterfaceModel | undefined;
    const name = `${iface.$container.name}.${iface.name}`;
    if (!node || !spec) return `**interface** ${code(name)}: not simulated (its name is taken or missing; see the problems)`;
    if (spec.bridge) return bridgeHover(bridgeFacts(model.network.topology, spec), node);
    const lines = [`**interface** ${code(name)} — plugged into ${linkText(spec)}`, ''];
    for (const { address, primary } of addressRoles(spec)) {
        const facts = subnetFacts(address);
        lines.push(`- ${code(formatPrefix(address))}${primary ? '' : ' (secondary: adds no route, never a source)'} in ${facts.subnet}`);
    }
    if (spec.addresses.length === 0) lines.push('- no address');
    const state = describeLinkState(node, spec.name);
    if (state) lines.push('', state.sentence);
    const bit = (on: boolean) => (on ? '1' : '0');
    const { settings } = node;
    lines.push(
        '',
        `forwarding ${bit(settings.forwards(spec.name))} · rp_filter ${RP[settings.rpFilter(spec.name)]} · send_redirects ${bit(settings.sendRedirects(spec.name))}` +
            ` · accept_redirects ${bit(settings.acceptRedirects(spec.name))}`
    );
    return lines.join('\n');
}

/** A bridge line (or a `-- NODE.BRIDGE` naming it): its ports, and its host's rules (what containers behind it go through). */
function bridgeHover(bridge: BridgeFacts, host: NetworkNode): string {
    const lines = [
        `**bridge** ${code(`${bridge.host}.${bridge.bridge.name}`)} — a Linux bridge on ${code(bridge.host)}, one L2 segment with its ports' veth peers`,
        ''
    ];
    const state = describeLinkState(host, bridge.bridge.name);
    lines.push(...bridgeLines(bridge), ...(state ? ['', state.sentence] : []), '', `${code(bridge.host)} ${forwardingSummary(host)}`, ...ruleBlocks(host));
    return lines.join('\n');
}

/** A `nat` or `filter` line: the rule as iptables lists it (a policy overridden by a later one says so). */
function ruleHover(rule: ast.Nat | ast.Filter, model: HoverModel): string {
    const object = model.objectOf(rule) as RuleObject | undefined;
    const what = ast.isNat(rule) ? '**nat** rule' : rule.policy ? '**filter** policy' : '**filter** rule';
    if (!object || model.objectOf(rule.$container) === undefined) return `${what}: not simulated (iptables would refuse it; see the problems)`;
    const { command, line } = ruleLine(object);
    const lines = [`${what} on ${code(rule.$container.name)} — ${code(command)} prints it as`, block(`${line}\n`)];
    if ('chain' in object && !('text' in object)) {
        const inForce = policyInForce(model.network.nodes.get(rule.$container.name)!.model, object.chain);
        if (inForce !== object) lines.push('', `A later \`filter ${object.chain} policy\` line overrides it: the last one of a chain is in force.`);
    }
    return lines.join('\n');
}

/** A switch: its prefix and the interfaces plugged into it. */
function switchHover(entry: ast.Switch, model: HoverModel): string {
    const lines = [`**switch** ${code(entry.name ?? '')} — one L2 segment (a switch or a Linux bridge)`, ''];
    const prefix = entry.prefix ? parseCidr(entry.prefix) : undefined;
    if (prefix && !('error' in prefix)) lines.push(...subnetLines(prefix), '');
    const ports = model.network.topology.nodes
        .flatMap((node) => node.interfaces)
        .filter((iface) => iface.link?.kind === 'switch' && iface.link.switch === entry.name);
    lines.push(ports.length ? `Plugged in (${ports.length}):` : 'Nothing is plugged in.');
    for (const iface of ports.slice(0, LIST_LIMIT * 2)) lines.push(`- ${code(`${iface.node}.${iface.name}`)} ${addressList(iface)}`);
    if (ports.length > LIST_LIMIT * 2) lines.push(`- … and ${ports.length - LIST_LIMIT * 2} more`);
    return lines.join('\n');
}

function subnetLines(prefix: Prefix): string[] {
    const facts = subnetFacts(prefix);
    const range = facts.first === facts.last ? facts.first : `${facts.first} – ${facts.last}`;
    return [
        `| | ${facts.subnet} |`,
        '|---|---|',
        `| network | ${facts.network} |`,
        `| netmask | ${facts.netmask} |`,
        `| broadcast | ${facts.broadcast ?? 'none'} |`,
        `| usable | ${range} (${facts.usable.toLocaleString('en-US')}) |`,
        `| size | ${facts.size.toLocaleString('en-US')} addresses |`
    ];
}

/** An address or prefix: the subnet, and who holds the address (or which addresses are in the subnet). */
function addressHover(text: string, model: HoverModel): string {
    const parsed = parseCidr(text);
    if ('error' in parsed) return parsed.error;
    const { network } = model;
    const holders = holdersOf(network, parsed.address);
    const held = holders.length
        ? `${formatIpv4(parsed.address)} is held by ${holders.map((holder) => `${code(holderName(holder))} (${formatPrefix(holder.address)})`).join(', ')}`
        : `Nobody in this file holds ${formatIpv4(parsed.address)}.`;
    if (!text.includes('/')) {
        // A bare address: the subnet is its holder's.
        const subnet = holders[0]?.address;
        return [`${code(text)}`, '', held, ...(subnet && subnet.length < 32 ? ['', ...subnetLines(subnet)] : [])].join('\n');
    }
    const inside = holdersIn(network, parsed, LIST_LIMIT);
    const lines = [`${code(text)}`, '', ...subnetLines(parsed), '', held];
    if (parsed.length < 32) {
        lines.push(
            '',
            inside.total
                ? `Addresses of this file in ${subnetFacts(parsed).subnet} (${inside.total}):`
                : `No address of this file is in ${subnetFacts(parsed).subnet}.`
        );
        for (const holder of inside.holders) lines.push(`- ${formatIpv4(holder.address.address)} ${code(holderName(holder))}`);
        if (inside.total > LIST_LIMIT) lines.push(`- … and ${inside.total - LIST_LIMIT} more`);
    }
    return lines.join('\n');
}

/** A route: as `ip route` shows it (or the kernel's refusal), and what it carries where. */
function routeHover(route: ast.Route, model: HoverModel): string {
    const spec = model.objectOf(route) as RouteSpec | undefined;
    const node = model.network.nodes.get(route.$container.name);
    if (!spec || !node || model.objectOf(route.$container) === undefined) return '**route**: not simulated (it does not parse yet; see the problems)';
    const header = `**route** on ${code(node.model.name)}`;
    const refusal = node.refused.find((refused) => refused.spec === spec);
    if (refusal)
        return [header, '', `\`ip route add ${spec.text}\` refuses it:`, block(`${refusal.reason}\n`), '', 'A refused route is not installed.'].join('\n');
    const entry = node.table.entries.find((candidate) => candidate.spec === spec)!;
    const lines = [`${header} — \`ip route\` shows it as`, block(`${formatIpRoute(entry)}\n`), ''];
    const carried = routeCarries(model.network, node, entry, ROUTE_PINGS);
    if (carried.total === 0) {
        lines.push('It carries no address of this file: none is in its destination, or a more specific route (or one with a lower metric) wins for each.');
    } else {
        lines.push(`It carries packets to ${carried.total} address${carried.total === 1 ? '' : 'es'} of this file:`);
        for (const { address, holder, result } of carried.pings) {
            lines.push(`- ${formatIpv4(address)} ${holder ? code(holderName(holder)) : ''}: ${result.path.join(' → ')} — ${pingVerdict(result)}`);
        }
        if (carried.total > ROUTE_PINGS) lines.push(`- … and ${carried.total - ROUTE_PINGS} more`);
    }
    return lines.join('\n');
}

/** A `ping` line: what `ping -c N` prints, the way there and back, and whether the expectation holds. */
function pingHover(ping: ast.Ping, model: HoverModel): string {
    const spec = model.objectOf(ping) as PingModel | undefined;
    const run = spec && model.runs().find((candidate) => candidate.ping === spec);
    if (!run) return '**ping**: not simulated (its source or target is not known yet; see the problems)';
    const view = pingView(model, run.result, spec.targetText);
    // The nodes a packet kind went through, marked where it stopped.
    const pathOf = (packets: readonly string[]) => {
        const steps = view.steps.filter((step) => packets.includes(step.packet));
        const nodes = steps.map((step) => step.node).filter((node, index, all) => node !== all[index - 1]);
        // A routing loop would fill the hover: its first and last hops say enough.
        const shown = nodes.length <= 12 ? nodes : [...nodes.slice(0, 5), `… ${nodes.length - 7} more …`, ...nodes.slice(-2)];
        return shown.join(' → ') + (steps.at(-1)?.stop ? ' ✗' : '');
    };
    const there = pathOf(['echo-request']);
    const back = pathOf(['echo-reply', 'icmp-error']);
    const expectation = spec.expectReply ? 'expects a reply' : 'expects no reply (`fails`)';
    const lines = [
        `**${code(`${view.command}`)}** on ${code(view.source)}${view.target === undefined || view.targetText === view.target ? '' : ` (${view.targetText} is ${view.target})`}`,
        // A ping by name: how the source resolved it, and the path of each query.
        ...(view.resolution ? ['', `${view.resolution}${queries(view.steps)}`] : []),
        block(`${view.transcript.join('\n')}\n`),
        '',
        `there: ${there || '—'}${back ? ` · back: ${back}` : ''}`,
        '',
        view.verdict,
        ...(view.explanation ? ['', view.explanation] : []),
        '',
        `This line ${expectation}: ${run.holds ? 'it holds' : '**it does not hold**'}.`
    ];
    return lines.join('\n');
}

/** The DNS queries' and answers' path, when there were any: `DNS: c1 → ns → c1`. */
function queries(steps: PingView['steps']): string {
    const nodes = steps.filter((step) => step.packet === 'dns-query' || step.packet === 'dns-answer').map((step) => step.node);
    const path = nodes.filter((node, index) => node !== nodes[index - 1]);
    return path.length ? ` (DNS: ${path.join(' → ')})` : '';
}

/** A sysctl line: what the key does, and what the node ends up with. */
function sysctlHover(sysctl: ast.Sysctl, model: HoverModel): string {
    const node = ast.isNode(sysctl.$container) ? networkNodeOf(model, sysctl.$container) : undefined;
    const key = sysctl.key ?? '';
    const info = classifySysctl(key);
    if (info.kind === 'unmodelled') return `${code(key)} is not modelled: the simulation ignores it`;
    const meaning: Record<string, string> = {
        ip_forward: "forward packets between interfaces (every interface's forwarding)",
        icmp_echo_ignore_all: 'ignore every echo request',
        'bridge-nf-call-iptables': 'traffic bridged between two ports of a bridge crosses the FORWARD chain (`-i`/`-o` the bridge)',
        forwarding: 'forward packets that arrive on the interface',
        rp_filter:
            'reverse-path filtering: 0 off, 1 strict (the route back must leave by the incoming interface), ' +
            "2 loose (some route back must exist); the larger of `all` and the interface's own applies",
        send_redirects: "send ICMP redirects when forwarding back out of the incoming interface; on if `all` or the interface's own is 1",
        accept_redirects:
            "obey ICMP redirects (send later packets straight to the new next hop); on an interface that forwards both `all` and the interface's own must be 1, " +
            'else either will do; turning ip_forward on sets `all` to 0'
    };
    const lines = [`${code(key)}: ${meaning[info.name]}`];
    if (ast.isDefaults(sysctl.$container))
        lines.push('', "A lab-wide default: every node starts with it; a node's own `sysctl` line for the key overrides it.");
    if (node && info.kind === 'conf' && info.device !== 'all') {
        const settings = node.settings;
        const effective: Record<typeof info.name, (device: string) => number> = {
            rp_filter: settings.rpFilter,
            forwarding: (device) => Number(settings.forwards(device)),
            send_redirects: (device) => Number(settings.sendRedirects(device)),
            accept_redirects: (device) => Number(settings.acceptRedirects(device))
        };
        const value = effective[info.name](info.device);
        lines.push('', `${code(node.model.name)} ends up with ${info.name} ${value} on ${code(info.device)}.`);
    } else if (node && info.kind === 'global') {
        lines.push(
            '',
            `${code(node.model.name)} ends up with ${info.name} ${Number(
                info.name === 'ip_forward'
                    ? node.settings.ipForward
                    : info.name === 'bridge-nf-call-iptables'
                      ? node.settings.bridgeNfCallIptables
                      : node.settings.icmpEchoIgnoreAll
            )}.`
        );
    }
    return lines.join('\n');
}
