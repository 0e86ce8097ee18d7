import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { broadcastOf, formatIpv4, hasHostBits, networkOf, parseCidr, parseIpv4, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { IssueCodes, type IssueCode } from '../checks/issue-codes.js';
import { MAX_INTERFACE_NAME } from '../model/interface-names.js';
import { bridgeLine, routeLine, filterLine, hostsLine, masqueradeLine, plugLine, policyLine, sysctlLine, type CoreLine } from './core-lines.js';

/** What the Docker daemon gives its default bridge when `docker` names no address (`--bip`). */
export const DOCKER_DEFAULT_BRIDGE = '172.17.0.1/16';

/** A host's shape line: `docker`, `network NAME PREFIX`, `flannel SUBNET`. */
export type HostShape = ast.Docker | ast.Network | ast.Flannel;

/** A shape: a shape line of a host, or a `container` or `pod` node. */
export type Shape = HostShape | ast.Node;

/** The bridge a host's shape line makes: `docker0`, `br-NAME`, `cni0`. */
export function shapeBridge(shape: HostShape): string {
    return ast.isDocker(shape) ? 'docker0' : ast.isFlannel(shape) ? 'cni0' : `br-${shape.name}`;
}

/** True for a host's shape line (`docker`, `network`, `flannel`). */
export function isHostShape(node: unknown): node is HostShape {
    return ast.isDocker(node) || ast.isNetwork(node) || ast.isFlannel(node);
}

/** True for a node that is a shape (`container`, `pod`): a host whose lines its runtime writes. */
export function isShapeNode(node: ast.Node): boolean {
    return node.kind === 'container' || node.kind === 'pod';
}

/** The keyword a shape is written with. */
export function shapeKeyword(shape: Shape): string {
    return ast.isNode(shape) ? shape.kind : shape.$type.toLowerCase();
}

/** Where flannel's pods live: the cluster network flannel's pod subnets are cut from (its default `Network`). */
export const FLANNEL_CLUSTER = '10.244.0.0/16';

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
    readonly shape: HostShape;
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

/** Expands every shape of a lab's statements (its files' in the lab's order); a pure function of the trees, so each model builds it once. */
export function expandShapes(statements: readonly ast.Statement[]): ShapeExpansion {
    const lines = new Map<Shape, CoreLine[]>();
    const problems: ShapeProblem[] = [];
    const hosts = new Map<string, DockerNetwork[]>();
    for (const statement of statements) {
        if (ast.isNode(statement) && !isShapeNode(statement) && statement.name && !hosts.has(statement.name)) {
            hosts.set(statement.name, hostNetworks(statement, lines, problems));
        }
    }
    expandFlannel(statements, hosts, lines, problems);
    const containers = statements.filter((statement): statement is ast.Node => ast.isNode(statement) && isShapeNode(statement));
    for (const container of containers) {
        const placed = placeContainer(container, hosts, problems);
        if (placed) {
            const { network, address } = placed;
            network.members.push({ node: container, address });
            const cidr = `${formatIpv4(address)}/${network.gateway.length}`;
            lines.set(container, [plugLine(container, 'eth0', cidr, network.bridgeLine), routeLine(container, 'default', formatIpv4(network.gateway.address))]);
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
    const shapes = host.members.filter(isHostShape);
    const docker = shapes.find(ast.isDocker);
    const networks: DockerNetwork[] = [];
    for (const shape of shapes) {
        const network = dockerNetwork(host, shape, docker, networks, problems);
        if (network) networks.push(network);
    }
    // Flannel's lines need every node's pod subnet: expandFlannel writes them.
    const dockers = networks.filter((network) => !ast.isFlannel(network.shape));
    dockers.forEach((network, index) => {
        const subnet = `${formatIpv4(networkOf(network.gateway.address, network.gateway.length))}/${network.gateway.length}`;
        const own = [network.bridgeLine];
        if (ast.isDocker(network.shape)) own.push(sysctlLine(host, 'net.ipv4.ip_forward', 1));
        own.push(masqueradeLine(host, subnet, { direction: 'out', device: network.bridge, negated: true }));
        if (ast.isDocker(network.shape)) own.push(policyLine(host, 'forward', 'drop'));
        // DOCKER-ISOLATION-STAGE-1/2, flattened: no packet crosses from one Docker network to another.
        // The pairs with the networks after this one come before its accepts (those before it wrote theirs).
        for (const later of dockers.slice(index + 1)) {
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
    shape: HostShape,
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
    } else if (ast.isFlannel(shape)) {
        if (earlier.some((network) => ast.isFlannel(network.shape)))
            return refuse(`${host.name} already has a \`flannel\` line: a node has one pod subnet`, IssueCodes.ShapeRepeated);
        const subnet = parseCidr(shape.subnet ?? '');
        if ('error' in subnet)
            return refuse(shape.subnet ? subnet.error : 'flannel needs the pod subnet of this node (`flannel 10.244.1.0/24`)', IssueCodes.InvalidAddress);
        const cluster = parseCidr(FLANNEL_CLUSTER) as Prefix;
        if (hasHostBits(subnet) || subnet.length <= cluster.length || subnet.length > 30 || !prefixContains(cluster, subnet.address))
            return refuse(
                `a node's pod subnet is one of the subnets flannel cuts from ${FLANNEL_CLUSTER} (a /24: \`flannel 10.244.1.0/24\`)`,
                IssueCodes.InvalidAddress,
                'subnet'
            );
        // The CNI bridge plugin gives cni0 the subnet's first address (the pods' gateway).
        gateway = { address: subnet.address + 1, length: subnet.length };
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
            ast.isDocker(shape) ? 'address' : ast.isFlannel(shape) ? 'subnet' : 'prefix'
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

/**
 * Each `flannel` line's core lines: cni0, forwarding, flannel's MASQUERADE of pod traffic leaving the
 * cluster network and its FORWARD accepts, and host-gw's route to every other node's pod subnet via
 * that node's address on a LAN the two share (host-gw needs one: it routes, it does not tunnel).
 */
function expandFlannel(
    statements: readonly ast.Statement[],
    hosts: ReadonlyMap<string, readonly DockerNetwork[]>,
    lines: Map<Shape, CoreLine[]>,
    problems: ShapeProblem[]
): void {
    const nodes = [...hosts.entries()].flatMap(([name, networks]) =>
        networks.filter((network) => ast.isFlannel(network.shape)).map((network) => ({ name, network }))
    );
    const written = new Map(statements.filter(ast.isNode).map((node) => [node.name, node]));
    for (const { name, network } of nodes) {
        const host = written.get(name)!;
        const own = [network.bridgeLine, sysctlLine(host, 'net.ipv4.ip_forward', 1)];
        const lans = addressesOf(host);
        for (const other of nodes.filter((each) => each.name !== name)) {
            const via = addressesOf(written.get(other.name)!).find((address) => lans.some((lan) => prefixContains(lan, address.address)));
            const subnet = `${formatIpv4(networkOf(other.network.gateway.address, other.network.gateway.length))}/${other.network.gateway.length}`;
            if (via) own.push(routeLine(host, subnet, formatIpv4(via.address)));
            else
                problems.push({
                    shape: network.shape,
                    message: `host-gw cannot route ${subnet} (${other.name}'s pods): ${name} and ${other.name} share no LAN`,
                    code: IssueCodes.ShapeNoCommonLan
                });
        }
        own.push(
            masqueradeLine(host, FLANNEL_CLUSTER, { direction: 'to', prefix: FLANNEL_CLUSTER, negated: true }),
            filterLine(host, 'forward', 'accept', [{ direction: 'from', prefix: FLANNEL_CLUSTER }]),
            filterLine(host, 'forward', 'accept', [{ direction: 'to', prefix: FLANNEL_CLUSTER }])
        );
        lines.set(network.shape, own);
    }
}

/** The addresses a host's written interfaces hold. */
function addressesOf(node: ast.Node): Prefix[] {
    return node.members
        .filter(ast.isInterface)
        .flatMap((iface) => iface.addresses.map((text) => parseCidr(text)).filter((parsed): parsed is Prefix => !('error' in parsed)));
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
    if (!networks)
        return refuse(
            `${hostName} is a ${container.host!.ref!.kind}, not a ${container.kind === 'pod' ? 'Kubernetes node' : 'Docker host'}`,
            IssueCodes.ShapeNeedsDocker,
            'host'
        );
    if (container.kind === 'pod') {
        const pods = networks.find((each) => ast.isFlannel(each.shape));
        if (container.network !== undefined)
            return refuse("a pod joins its node's pod network: write `pod NAME on NODE`", IssueCodes.ShapeUnknownNetwork, 'network');
        if (!pods) return refuse(`${hostName} has no \`flannel\` line: a pod needs a Kubernetes node`, IssueCodes.ShapeNeedsDocker, 'host');
        return allocate(container, pods, refuse);
    }
    const network = networks.find((each) => each.name === container.network && !ast.isFlannel(each.shape));
    if (!network) {
        return container.network === undefined
            ? refuse(`${hostName} has no \`docker\` line: a container needs a Docker host`, IssueCodes.ShapeNeedsDocker, 'host')
            : refuse(`${hostName} has no Docker network named ${container.network}`, IssueCodes.ShapeUnknownNetwork, 'network');
    }
    // Docker takes a chosen address (`--ip`) on a user-defined network only; it still works here, as it would by hand.
    if (network.name === undefined && container.address !== undefined)
        problems.push({
            shape: container,
            property: 'address',
            message: 'Docker chooses the addresses on its default bridge itself (`--ip` works on user-defined networks only)',
            code: IssueCodes.ShapeAddress
        });
    return allocate(container, network, refuse);
}

/** The address a container or pod gets on its network: the one it names, or the next IPAM hands out. */
function allocate(
    container: ast.Node,
    network: DockerNetwork,
    refuse: (message: string, code: IssueCode, property: string) => undefined
): { network: DockerNetwork; address: Ipv4 } | undefined {
    const first = networkOf(network.gateway.address, network.gateway.length) + 1;
    const last = broadcastOf(network.gateway.address, network.gateway.length) - 1;
    if (container.address === undefined) {
        // Docker's IPAM (and host-local's) hands addresses out in turn from where it last stopped, skipping those taken.
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
    network.taken.set(address, container.name);
    return { network, address };
}

/** The shape a model object's origin is, if it is one: diagnostics and hovers about core lines land there. */
export function isShape(node: AstNode | undefined): node is Shape {
    return isHostShape(node) || (ast.isNode(node) && isShapeNode(node));
}
