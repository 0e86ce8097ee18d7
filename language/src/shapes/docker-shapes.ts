import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { broadcastOf, formatIpv4, hasHostBits, networkOf, parseCidr, parseIpv4, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { IssueCodes, type IssueCode } from '../checks/issue-codes.js';
import { MAX_INTERFACE_NAME } from '../model/interface-names.js';
import { bridgeLine, defaultRouteLine, filterLine, hostsLine, masqueradeLine, plugLine, policyLine, sysctlLine, type CoreLine } from './core-lines.js';

/** What the Docker daemon gives its default bridge when `docker` names no address (`--bip`). */
export const DOCKER_DEFAULT_BRIDGE = '172.17.0.1/16';

/** The bridge a `docker` or `network` line makes: `docker0`, `br-NAME`. */
export function shapeBridge(shape: ast.Docker | ast.Network): string {
    return ast.isDocker(shape) ? 'docker0' : `br-${shape.name}`;
}

/** A shape: a `docker` or `network` line of a host, or a `container` node. */
export type Shape = ast.Docker | ast.Network | ast.Node;

/** Something Docker would refuse about a shape (the line it is reported on, and why). */
export interface ShapeProblem {
    readonly shape: Shape;
    readonly property?: string;
    readonly message: string;
    readonly code: IssueCode;
}

/**
 * The core statements every shape of a file stands for. A `docker` or `network` line's lines take
 * its place among its host's members; a container's lines are the block of a `host` of its name.
 * A shape Docker would refuse stands for nothing (its problem says why), except a container given
 * an address Docker would not give it, which keeps it (so that the rest of the lab still behaves).
 */
export interface ShapeExpansion {
    readonly lines: ReadonlyMap<Shape, readonly CoreLine[]>;
    readonly problems: readonly ShapeProblem[];
}

/** A Docker network of a host: the bridge that carries it and the addresses it hands out. */
interface DockerNetwork {
    readonly shape: ast.Docker | ast.Network;
    /** The network's name as `container ... on HOST.NAME` gives it (undefined for the default bridge). */
    readonly name?: string;
    readonly bridge: string;
    readonly gateway: Prefix;
    readonly bridgeLine: CoreLine;
    /** The addresses taken (the gateway's, then each container's) and the next one IPAM tries. */
    readonly taken: Map<Ipv4, string>;
    next: Ipv4;
    /** The containers on it, in creation (file) order, for its names. */
    readonly members: { readonly node: ast.Node; readonly address: Ipv4 }[];
}

/** Expands every shape of a parse; a pure function of the tree, so each parse's model builds it once. */
export function expandShapes(root: ast.Topology): ShapeExpansion {
    const lines = new Map<Shape, CoreLine[]>();
    const problems: ShapeProblem[] = [];
    const hosts = new Map<string, DockerNetwork[]>();
    for (const statement of root.statements) {
        if (ast.isNode(statement) && statement.kind !== 'container' && statement.name && !hosts.has(statement.name)) {
            hosts.set(statement.name, hostNetworks(statement, lines, problems));
        }
    }
    const containers = root.statements.filter((statement): statement is ast.Node => ast.isNode(statement) && statement.kind === 'container');
    for (const container of containers) {
        const placed = placeContainer(container, hosts, problems);
        if (placed) {
            const { network, address } = placed;
            network.members.push({ node: container, address });
            const cidr = `${formatIpv4(address)}/${network.gateway.length}`;
            lines.set(container, [plugLine(container, 'eth0', cidr, network.bridgeLine), defaultRouteLine(container, formatIpv4(network.gateway.address))]);
        }
    }
    // Docker's embedded DNS answers, on a user-defined network only, each container's name (and the
    // reverse lookup with NAME.NETWORK, which ping prints); the default bridge has no names.
    for (const network of [...hosts.values()].flat().filter((each) => each.name !== undefined)) {
        for (const { node } of network.members) {
            const own = lines.get(node)!;
            for (const peer of network.members) {
                const address = formatIpv4(peer.address);
                own.push(hostsLine(node, `${peer.node.name}.${network.name}`, address), hostsLine(node, peer.node.name, address));
            }
        }
    }
    return { lines, problems };
}

/** A host's `docker` and `network` lines, each expanded in place, with the networks they make. */
function hostNetworks(host: ast.Node, lines: Map<Shape, CoreLine[]>, problems: ShapeProblem[]): DockerNetwork[] {
    const shapes = host.members.filter((member): member is ast.Docker | ast.Network => ast.isDocker(member) || ast.isNetwork(member));
    const docker = shapes.find(ast.isDocker);
    const networks: DockerNetwork[] = [];
    for (const shape of shapes) {
        const network = dockerNetwork(host, shape, docker, networks, problems);
        if (network) networks.push(network);
    }
    networks.forEach((network, index) => {
        const subnet = `${formatIpv4(networkOf(network.gateway.address, network.gateway.length))}/${network.gateway.length}`;
        const own = [network.bridgeLine];
        if (ast.isDocker(network.shape)) own.push(sysctlLine(host, 'net.ipv4.ip_forward', 1));
        own.push(masqueradeLine(host, subnet, { direction: 'out', device: network.bridge, negated: true }));
        if (ast.isDocker(network.shape)) own.push(policyLine(host, 'forward', 'drop'));
        // DOCKER-ISOLATION-STAGE-1/2, flattened: no packet crosses from one Docker network to another.
        // The pairs with the networks after this one come before its accepts (those before it wrote theirs).
        for (const later of networks.slice(index + 1)) {
            own.push(
                filterLine(host, 'forward', 'drop', [
                    { direction: 'in', device: network.bridge },
                    { direction: 'out', device: later.bridge }
                ]),
                filterLine(host, 'forward', 'drop', [
                    { direction: 'in', device: later.bridge },
                    { direction: 'out', device: network.bridge }
                ])
            );
        }
        own.push(
            filterLine(host, 'forward', 'accept', [{ direction: 'out', device: network.bridge }, { states: ['established', 'related'] }]),
            filterLine(host, 'forward', 'accept', [
                { direction: 'in', device: network.bridge },
                { direction: 'out', device: network.bridge, negated: true }
            ]),
            filterLine(host, 'forward', 'accept', [
                { direction: 'in', device: network.bridge },
                { direction: 'out', device: network.bridge }
            ])
        );
        lines.set(network.shape, own);
    });
    return networks;
}

/** One `docker` or `network` line as a network, or undefined (with the problem) where Docker would refuse it. */
function dockerNetwork(
    host: ast.Node,
    shape: ast.Docker | ast.Network,
    docker: ast.Docker | undefined,
    earlier: readonly DockerNetwork[],
    problems: ShapeProblem[]
): DockerNetwork | undefined {
    const refuse = (message: string, code: IssueCode, property?: string) => {
        problems.push({ shape, message, code, ...(property && { property }) });
        return undefined;
    };
    let gateway: Prefix;
    let bridge: string;
    if (ast.isDocker(shape)) {
        if (shape !== docker) return refuse(`${host.name} already has a \`docker\` line: one Docker daemon per host`, IssueCodes.ShapeRepeated);
        const parsed = parseCidr(shape.address ?? DOCKER_DEFAULT_BRIDGE);
        if ('error' in parsed) return refuse(parsed.error, IssueCodes.InvalidAddress, 'address');
        gateway = parsed;
        bridge = shapeBridge(shape);
    } else {
        if (!shape.name) return undefined;
        if (!docker) return refuse(`a Docker network needs the Docker daemon: add a \`docker\` line to ${host.name}`, IssueCodes.ShapeNeedsDocker, 'name');
        if (earlier.some((network) => network.name === shape.name))
            return refuse(`${host.name} already has a Docker network named ${shape.name}`, IssueCodes.ShapeRepeated, 'name');
        bridge = shapeBridge(shape);
        if (bridge.length > MAX_INTERFACE_NAME)
            return refuse(
                `its bridge, ${bridge}, would be ${bridge.length} characters long; Linux allows at most ${MAX_INTERFACE_NAME} (IFNAMSIZ): name the network in at most ${MAX_INTERFACE_NAME - 3}`,
                IssueCodes.InterfaceNameTooLong,
                'name'
            );
        if (!shape.prefix) return refuse(`network ${shape.name} needs its subnet (\`network ${shape.name} 172.18.0.0/16\`)`, IssueCodes.InvalidAddress, 'name');
        const subnet = parseCidr(shape.prefix);
        if ('error' in subnet) return refuse(subnet.error, IssueCodes.InvalidAddress, 'prefix');
        if (hasHostBits(subnet))
            return refuse(
                `${shape.prefix} is not a subnet: its host bits are set (${formatIpv4(networkOf(subnet.address, subnet.length))}/${subnet.length} is)`,
                IssueCodes.InvalidAddress,
                'prefix'
            );
        if (subnet.length > 30) return refuse(`a /${subnet.length} leaves no address for a container besides the gateway`, IssueCodes.InvalidAddress, 'prefix');
        // Docker gives the bridge (the gateway) the subnet's first address.
        gateway = { address: subnet.address + 1, length: subnet.length };
    }
    const overlap = earlier.find((network) => overlaps(network.gateway, gateway));
    if (overlap)
        return refuse(
            `its subnet overlaps that of ${overlap.bridge}: Docker gives each network a subnet of its own`,
            IssueCodes.OverlappingSubnets,
            ast.isDocker(shape) ? 'address' : 'prefix'
        );
    const address = `${formatIpv4(gateway.address)}/${gateway.length}`;
    return {
        shape,
        ...(ast.isNetwork(shape) && { name: shape.name }),
        bridge,
        gateway,
        bridgeLine: bridgeLine(host, bridge, address),
        taken: new Map([[gateway.address, 'the gateway']]),
        next: networkOf(gateway.address, gateway.length) + 1,
        members: []
    };
}

function overlaps(a: Prefix, b: Prefix): boolean {
    const length = Math.min(a.length, b.length);
    return networkOf(a.address, length) === networkOf(b.address, length);
}

/** The network a container joins and the address it gets there, or undefined (with the problem). */
function placeContainer(
    container: ast.Node,
    hosts: ReadonlyMap<string, readonly DockerNetwork[]>,
    problems: ShapeProblem[]
): { network: DockerNetwork; address: Ipv4 } | undefined {
    const refuse = (message: string, code: IssueCode, property: string) => {
        problems.push({ shape: container, message, code, property });
        return undefined;
    };
    const hostName = container.host?.ref?.name;
    // An unknown host is the linker's to report.
    if (!container.name || hostName === undefined) return undefined;
    const networks = hosts.get(hostName);
    if (!networks) return refuse(`${hostName} is a container, not a Docker host`, IssueCodes.ShapeNeedsDocker, 'host');
    const network = networks.find((each) => each.name === container.network);
    if (!network) {
        return container.network === undefined
            ? refuse(`${hostName} has no \`docker\` line: a container needs a Docker host`, IssueCodes.ShapeNeedsDocker, 'host')
            : refuse(`${hostName} has no Docker network named ${container.network}`, IssueCodes.ShapeUnknownNetwork, 'network');
    }
    const first = networkOf(network.gateway.address, network.gateway.length) + 1;
    const last = broadcastOf(network.gateway.address, network.gateway.length) - 1;
    if (container.address === undefined) {
        // Docker's IPAM hands addresses out in turn from where it last stopped, skipping those taken.
        for (let step = 0; step <= last - first; step++) {
            const candidate = first + ((network.next - first + step) % (last - first + 1));
            if (network.taken.has(candidate)) continue;
            network.taken.set(candidate, container.name);
            network.next = candidate + 1 > last ? first : candidate + 1;
            return { network, address: candidate };
        }
        return refuse(`${network.bridge} has no address left for ${container.name}`, IssueCodes.ShapeAddress, 'host');
    }
    const address = parseIpv4(container.address);
    if (typeof address !== 'number') return refuse(address.error, IssueCodes.InvalidAddress, 'address');
    const subnet = { address: networkOf(network.gateway.address, network.gateway.length), length: network.gateway.length };
    if (!prefixContains(subnet, address) || address < first || address > last)
        return refuse(
            `${container.address} is not a container address of ${network.bridge} (${formatIpv4(first)} to ${formatIpv4(last)})`,
            IssueCodes.ShapeAddress,
            'address'
        );
    const holder = network.taken.get(address);
    if (holder) return refuse(`${container.address} is taken: ${holder} has it`, IssueCodes.ShapeAddress, 'address');
    // Docker takes a chosen address (`--ip`) on a user-defined network only; it still works here, as it would by hand.
    if (network.name === undefined)
        problems.push({
            shape: container,
            property: 'address',
            message: 'Docker chooses the addresses on its default bridge itself (`--ip` works on user-defined networks only)',
            code: IssueCodes.ShapeAddress
        });
    network.taken.set(address, container.name);
    return { network, address };
}

/** The shape a model object's origin is, if it is one: diagnostics and hovers about core lines land there. */
export function isShape(node: AstNode | undefined): node is Shape {
    return ast.isDocker(node) || ast.isNetwork(node) || (ast.isNode(node) && node.kind === 'container');
}
