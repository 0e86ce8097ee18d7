import type { AstNode } from 'langium';
import * as ast from './generated/ast.js';
import { parseCidr, parseIpv4 } from './address/ipv4.js';
import {
    pingTargetAddress,
    validPingCount,
    type PingFrom,
    type InterfaceAddress,
    type InterfaceModel,
    type Ipv4,
    type LinkEnd,
    type NameRecord,
    emptyNode,
    type NodeModel,
    type PingModel,
    type Prefix,
    type RouteSpec,
    type RouteType,
    type SwitchModel,
    type SysctlAssignment,
    type Topology
} from './model/topology.js';
import { buildFilter, buildMasquerade } from './build-rules.js';
import type { RouteDump } from './model/route-dump.js';
import { exactList } from './model/exact-lists.js';
import { expandShapes, isHostShape, isShapeNode, type ShapeExpansion } from './shapes/docker-shapes.js';

/** The routes a `routes from` line's file holds, once read (net-route-files.ts); undefined when it could not be read. */
export type RouteFileRoutes = (line: ast.RoutesFrom) => RouteDump | undefined;

/** A member of a node as the model sees it: written, or one of a shape's core lines (whose origin is the shape). */
interface CoreMember {
    readonly member: ast.Member;
    readonly origin: AstNode;
}

/** An interface of the model, the member that declares it, and its cable once linked. */
interface DeclaredInterface {
    readonly model: InterfaceModel;
    readonly member: ast.Interface;
    link?: LinkEnd;
}

/** The model of a file, and the syntax each model element came from (for diagnostics). */
export interface BuiltTopology {
    readonly topology: Topology;
    /** Maps model objects (nodes, interfaces, routes, pings, switches) to their AST nodes. */
    readonly origins: ReadonlyMap<object, AstNode>;
    /** The core lines each shape stands for, and what Docker would refuse about them. */
    readonly expansion: ShapeExpansion;
}

/**
 * Builds the topology model of a lab from its files' parses (possibly broken), in the lab's order
 * (a file's imports before it): one topology, as if the files were one. Elements whose values do not
 * parse, or whose names are missing or duplicated (in any file), are left out: the validator reports them.
 */
export function buildTopology(roots: readonly ast.Topology[], routeFile: RouteFileRoutes = () => undefined): BuiltTopology {
    const statements = roots.flatMap((root) => root.statements);
    const origins = new Map<object, AstNode>();
    const switches: SwitchModel[] = [];
    const nodes: NodeModel[] = [];
    const pings: PingModel[] = [];
    const switchNames = new Set<string>();
    const nodeNames = new Set<string>();
    const interfaces = new Map<string, DeclaredInterface>();
    const defaults = buildDefaults(statements, origins);
    const expansion = expandShapes(statements);

    for (const statement of statements) {
        if (ast.isSwitch(statement) && statement.name && !switchNames.has(statement.name) && !nodeNames.has(statement.name)) {
            const prefix = statement.prefix ? parseCidr(statement.prefix) : undefined;
            const model: SwitchModel = { name: statement.name, prefix: prefix && 'error' in prefix ? undefined : prefix };
            switchNames.add(model.name);
            switches.push(model);
            origins.set(model, statement);
        } else if (ast.isNode(statement) && statement.name && !nodeNames.has(statement.name) && !switchNames.has(statement.name)) {
            nodeNames.add(statement.name);
            nodes.push(buildNode(statement, coreMembers(statement, expansion), defaults, interfaces, origins, routeFile));
        }
    }
    linkInterfaces(statements, expansion, interfaces, switchNames);
    for (const entry of interfaces.values()) {
        (entry.model as { link?: LinkEnd }).link = entry.link;
    }
    const byName = new Map(nodes.map((node) => [node.name, node]));
    for (const statement of statements) {
        if (ast.isPing(statement)) {
            const ping = buildPing(statement, byName);
            if (ping) {
                pings.push(ping);
                origins.set(ping, statement);
            }
        }
    }
    return { topology: { switches, nodes, pings, ...(defaults.length && { defaults }) }, origins, expansion };
}

/**
 * A node's members with each shape replaced by its core lines, in place: the model is built from
 * core statements only, and what it says about a shape's line is said about the shape.
 */
export function coreMembers(node: ast.Node, expansion: ShapeExpansion): CoreMember[] {
    const lines = (shape: AstNode) => (expansion.lines.get(shape as never) ?? []).map((line) => ({ member: line.member, origin: shape }));
    if (isShapeNode(node)) return lines(node);
    return node.members.flatMap((member) => (isHostShape(member) ? lines(member) : [{ member, origin: member }]));
}

/** The `defaults` blocks' sysctl lines, in the lab's order, wherever the blocks stand in their files: lab-wide. */
function buildDefaults(statements: readonly ast.Statement[], origins: Map<object, AstNode>): SysctlAssignment[] {
    const defaults: SysctlAssignment[] = [];
    for (const sysctl of statements.filter(ast.isDefaults).flatMap((block) => block.sysctls)) {
        if (!sysctl.key || sysctl.value === undefined) continue;
        const entry: SysctlAssignment = { key: sysctl.key, value: sysctl.value };
        defaults.push(entry);
        origins.set(entry, sysctl);
    }
    return defaults;
}

function buildNode(
    node: ast.Node,
    members: readonly CoreMember[],
    defaults: readonly SysctlAssignment[],
    interfaces: Map<string, DeclaredInterface>,
    origins: Map<object, AstNode>,
    routeFile: RouteFileRoutes
): NodeModel {
    // A container or a pod is a host: a namespace whose ip_forward starts at 0.
    const model = emptyNode(node.name, node.kind === 'router' ? 'router' : 'host', {
        // Each node's own copy, so that a finding or a fix about it names this node (the origin is the defaults line).
        sysctls: defaults.map(({ key, value }) => ({ key, value, fromDefaults: true as const }))
    });
    origins.set(model, node);
    model.sysctls.forEach((sysctl, index) => origins.set(sysctl, origins.get(defaults[index])!));
    for (const { member, origin } of members) {
        if (ast.isInterface(member)) {
            const key = `${node.name}.${member.name}`;
            if (!member.name || interfaces.has(key)) continue;
            const addresses: InterfaceAddress[] = [];
            for (const text of member.addresses) {
                const parsed = parseCidr(text);
                if (!('error' in parsed)) addresses.push(parsed);
            }
            const model_: InterfaceModel = {
                node: node.name,
                name: member.name,
                addresses,
                ...(member.bridge && { bridge: true as const }),
                ...(member.down && { down: true as const })
            };
            interfaces.set(key, { model: model_, member });
            (model.interfaces as InterfaceModel[]).push(model_);
            origins.set(model_, origin);
        } else if (ast.isRoute(member)) {
            const route = buildRoute(member);
            if (route) {
                (model.routes as RouteSpec[]).push(route);
                origins.set(route, origin);
            }
        } else if (ast.isRoutesFrom(member)) {
            // The file's routes take the line's place among the node's routes; each one's origin is the line.
            for (const route of routeFile(member)?.routes ?? []) {
                (model.routes as RouteSpec[]).push(route);
                origins.set(route, origin);
            }
        } else if (ast.isSysctl(member) && member.key && member.value !== undefined) {
            const sysctl: SysctlAssignment = { key: member.key, value: member.value };
            (model.sysctls as SysctlAssignment[]).push(sysctl);
            origins.set(sysctl, origin);
        } else if (ast.isNat(member)) {
            const rule = buildMasquerade(member, node.name);
            if (rule) {
                (model.nat as object[]).push(rule);
                origins.set(rule, origin);
            }
        } else if ((ast.isHosts(member) || ast.isDns(member)) && member.name) {
            const address = parseIpv4(member.address ?? '');
            if (typeof address !== 'number') continue;
            const record: NameRecord = { name: member.name, address };
            (ast.isHosts(member) ? (model.hosts as NameRecord[]) : (model.dns as NameRecord[])).push(record);
            origins.set(record, origin);
        } else if (ast.isNameserver(member)) {
            const address = parseIpv4(member.address ?? '');
            if (typeof address === 'number') (model.nameservers as Ipv4[]).push(address);
        } else if (ast.isFilter(member)) {
            const built = buildFilter(member, node.name);
            if (built) {
                (built.kind === 'policy' ? (model.policies as object[]) : (model.filters as object[])).push(built.entry);
                origins.set(built.entry, origin);
            }
        }
    }
    return compactLists(model);
}

/** One empty list for every empty list of the model: frozen, so that nothing can add to it. */
const NONE: readonly never[] = Object.freeze([]);
const LIST_FIELDS = ['interfaces', 'routes', 'sysctls', 'nat', 'filters', 'policies', 'hosts', 'nameservers', 'dns'] as const;

/**
 * The node with its lists as small as they can be, in place (it is its origins' key; so are its
 * interfaces): each empty list is {@link NONE} (most nodes have no NAT, filter, hosts or DNS lines:
 * at 10,000 hosts their empty arrays of their own took 5 MiB), each other one {@link exactList}.
 */
function compactLists(model: NodeModel): NodeModel {
    const lists = model as unknown as Record<(typeof LIST_FIELDS)[number], readonly unknown[]>;
    for (const field of LIST_FIELDS) lists[field] = lists[field].length === 0 ? NONE : exactList(lists[field]);
    for (const iface of model.interfaces) (iface as { addresses: readonly InterfaceAddress[] }).addresses = exactList(iface.addresses);
    return model;
}

/** Records each cable once, on both of its ends; the first declaration of an end wins. */
function linkInterfaces(
    statements: readonly ast.Statement[],
    expansion: ShapeExpansion,
    interfaces: Map<string, DeclaredInterface>,
    switchNames: Set<string>
): void {
    for (const statement of statements) {
        if (!ast.isNode(statement)) continue;
        for (const { member } of coreMembers(statement, expansion)) {
            if (!ast.isInterface(member) || !member.peer) continue;
            const here = interfaces.get(`${statement.name}.${member.name}`);
            // A shape's bridge is its first core line.
            const written = member.peer.ref;
            const target = isHostShape(written) ? expansion.lines.get(written)?.[0]?.member : written;
            // A repeated interface name is reported by the validator; only the first declaration counts. So is a bridge's `--`.
            if (!here || here.member !== member || !target || here.model.bridge) continue;
            if (ast.isSwitch(target)) {
                if (!here.link && switchNames.has(target.name)) here.link = { kind: 'switch', switch: target.name };
            } else if (ast.isInterface(target) && target.bridge) {
                // Any number of nodes plug into a bridge; the bridge's own model has no link. A bridge cannot plug into anything.
                const bridge = interfaces.get(`${target.$container.name}.${target.name}`);
                if (!here.link && bridge && bridge.member === target) {
                    here.link = { kind: 'bridge', node: target.$container.name, bridge: target.name };
                }
            } else if (ast.isInterface(target) && ast.isNode(target.$container)) {
                const there = interfaces.get(`${target.$container.name}.${target.name}`);
                if (!there || there === here) continue;
                const agrees = (end?: LinkEnd, node?: string, name?: string) =>
                    end === undefined || (end.kind === 'peer' && end.node === node && end.interface === name);
                if (agrees(here.link, there.model.node, there.model.name) && agrees(there.link, here.model.node, here.model.name)) {
                    here.link = { kind: 'peer', node: there.model.node, interface: there.model.name };
                    there.link = { kind: 'peer', node: here.model.node, interface: here.model.name };
                }
            }
        }
    }
}

function buildRoute(route: ast.Route): RouteSpec | undefined {
    const destination: Prefix | { error: string } = route.destination === 'default' ? { address: 0, length: 0 } : parseCidr(route.destination ?? '');
    if ('error' in destination) return undefined;
    let gateway: number | undefined;
    let device: string | undefined;
    let metric = 0;
    for (const option of route.options) {
        if (ast.isVia(option)) {
            const parsed = parseIpv4(option.gateway);
            if (typeof parsed !== 'number') return undefined;
            gateway = parsed;
        } else if (ast.isDev(option)) {
            device = option.device;
        } else if (ast.isMetric(option)) {
            if (option.value === undefined) return undefined;
            metric = option.value;
        }
    }
    const type: RouteType = route.type ?? 'unicast';
    const words = [route.destination];
    if (route.type) words.push(route.type);
    for (const option of route.options) {
        if (ast.isVia(option)) words.push('via', option.gateway);
        else if (ast.isDev(option)) words.push('dev', option.device);
        else if (ast.isMetric(option)) words.push('metric', String(option.value));
    }
    return { destination, type, gateway, device, metric, text: words.join(' ') };
}

function buildPing(ping: ast.Ping, nodes: ReadonlyMap<string, NodeModel>): PingModel | undefined {
    const source = ping.source?.ref?.name;
    if (!source || !nodes.has(source) || !ping.target) return undefined;
    const from = pingFrom(ping.from);
    if (from === null) return undefined;
    // A count out of range is the validator's error; the ping is not run.
    if (ping.count !== undefined && !validPingCount(ping.count)) return undefined;
    const options = { from, ...(ping.count !== undefined && { count: ping.count }), ...(ping.broadcast && { broadcast: true as const }) };
    let target: number | undefined;
    let targetText: string;
    if (ping.target.address !== undefined) {
        const parsed = parseIpv4(ping.target.address);
        if (typeof parsed !== 'number') return undefined;
        target = parsed;
        targetText = ping.target.address;
    } else {
        targetText = ping.target.node?.$refText ?? '';
        const ref = ping.target.node?.ref;
        // Naming no node nor NODE.IFNAME, the target is a host name.
        if (!ref) return targetText ? { source, name: targetText, targetText, expectReply: !ping.fails, ...options } : undefined;
        const node = nodes.get((ast.isInterface(ref) ? ref.$container.name : ref?.name) ?? '');
        target = pingTargetAddress(ast.isInterface(ref) ? (node?.interfaces.filter((iface) => iface.name === ref.name) ?? []) : (node?.interfaces ?? []));
    }
    if (target === undefined) return undefined;
    return { source, target, targetText, expectReply: !ping.fails, ...options };
}

/** A ping's `from ADDR|IF`: undefined without one, null for an address that does not parse (the validator says why). */
function pingFrom(from: ast.PingFrom | undefined): PingFrom | undefined | null {
    if (!from) return undefined;
    if (from.address === undefined) return { device: from.device! };
    const address = parseIpv4(from.address);
    return typeof address === 'number' ? { address } : null;
}
