import { isMap, isScalar, isSeq, LineCounter, parseDocument, type ErrorCode, type Node } from 'yaml';
import { runScript, sysctl, type ImportResult } from './commands-import.js';
import type { Origin } from './import-problem.js';
import { labTopology, LabState, type Namespace } from './lab-state.js';

/**
 * `nettopo import containerlab FILE.clab.yml`: a containerlab topology as containerlab deploys
 * it, run in the mind. A node of `kind: linux` is a node, one of `kind: bridge` (a Linux bridge
 * the host already has) a switch; any other kind is an error naming it. A link between two linux
 * nodes is a veth pair, as containerlab makes it (and as `import commands` writes a veth between
 * namespaces: `eth1 -- b.eth1`), a link to a bridge a cable to that switch; containerlab sets
 * every link's ends up. Then each node's `exec` commands run through the command importer. A
 * node's settings come from the node, else its group, else its kind's, else `defaults`, as in
 * containerlab (types/topology.go); `exec` lists and `sysctls` maps are merged over all four.
 * Its management network (each node's eth0 on Docker's 172.20.20.0/24 with a default route out of
 * the lab) is left out, and a warning says so.
 */

/** The node settings the import takes in; every other one is warned about as not modelled, where it is written. */
const MODELLED = new Set(['kind', 'group', 'exec', 'sysctls']);
const LINUX = 'linux';
const BRIDGE = 'bridge';
/** Endpoint names that are not nodes of the file: the host's namespace and containerlab's special links. */
const SPECIAL_ENDPOINTS = new Set(['host', 'mgmt-net', 'macvlan']);

interface Context {
    readonly state: LabState;
    readonly file: string;
    readonly lines: LineCounter;
}

export function importContainerlab(text: string, file: string): ImportResult {
    const state = new LabState('');
    const lines = new LineCounter();
    // YAML 1.1, as containerlab's parser (go-yaml v2) reads its files: `yes` is true, `010` octal
    const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, version: '1.1' });
    const context: Context = { state, file, lines };
    if (document.errors.length > 0) {
        for (const error of document.errors) {
            state.error(
                { file, line: lines.linePos(error.pos[0]).line, command: '' },
                `the file is not valid YAML here: ${YAML_PROBLEMS[error.code] ?? 'the YAML is malformed'}`
            );
        }
        return { topology: labTopology(state), problems: state.problems };
    }
    const root = document.contents;
    const topology = isMap(root) ? root.get('topology', true) : undefined;
    const nodes = isMap(topology) ? topology.get('nodes', true) : undefined;
    if (!isMap(nodes)) {
        const at = (topology ?? root) as Node | null | undefined;
        state.error(
            { file, line: at ? lineOf(context, at) : 1, command: '' },
            'not a containerlab topology: containerlab files have a topology: with nodes: under it (name: LAB, topology: {nodes: ..., links: ...})'
        );
        return { topology: labTopology(state), problems: state.problems };
    }
    const header: string[] = [];
    let topologyKey = topology as Node;
    for (const [key, value, keyNode] of entries(root)) {
        if (key === 'name' && isScalar(value)) header.push(`name: ${String(value.value)}`);
        else if (key === 'topology') topologyKey = keyNode;
        else state.warn(origin(context, keyNode), `ignored: ${key} is not modelled`);
    }
    state.warn(
        origin(context, topologyKey),
        "ignored: containerlab's management network (every node's eth0 on Docker's 172.20.20.0/24, with a default route out of the lab) is outside the lab and left out"
    );
    const topologyMap = topology as typeof nodes;
    for (const [key, , keyNode] of entries(topologyMap)) {
        if (!['nodes', 'links', 'groups', 'kinds', 'defaults'].includes(key)) state.error(origin(context, keyNode), `topology.${key} is not imported`);
    }
    const namespaces = new Map<string, Namespace>();
    const bridges = new Set<string>();
    /** Nodes already reported (a kind not imported, a name that does not fit): their links are not said wrong again. */
    const refused = new Set<string>();
    const execs: { namespace: Namespace; command: Node }[] = [];
    // a group's (kind's, defaults') setting is said once, where it is written, for all the nodes that take it
    const warned = new Set<Node>();
    for (const [name, node, keyNode] of entries(nodes)) {
        if (!state.nameFits(origin(context, keyNode), 'node', name)) {
            refused.add(name);
            continue;
        }
        const settings = (key: string) => setting(topologyMap, node, key);
        const kind = settings('kind');
        const kindName = isScalar(kind) ? String(kind.value) : undefined;
        for (const [key, , settingKey] of [...entries(node), ...inherited(topologyMap, node)]) {
            if (MODELLED.has(key) || warned.has(settingKey)) continue;
            warned.add(settingKey);
            state.warn(origin(context, settingKey), `ignored: the node setting ${key} is not modelled`);
        }
        if (kindName === BRIDGE) {
            bridges.add(name);
            state.domains.add(name);
            continue;
        }
        if (kindName !== LINUX) {
            state.error(
                origin(context, (kind as Node | undefined) ?? keyNode),
                kindName === undefined
                    ? `node ${name} has no kind: nettopo import knows kind: linux and kind: bridge`
                    : `node ${name} is of kind ${kindName}: nettopo import knows kind: linux (a Linux container) and kind: bridge (a Linux bridge) only`
            );
            refused.add(name);
            continue;
        }
        const namespace = state.addNamespace(name, false, true);
        namespaces.set(name, namespace);
        const layers = sources(topologyMap, node);
        // sysctls: one map of all the layers, a key's value from the nearest (containerlab's mergeStringMapFields)
        const sysctls = new Map<string, [Node | null, Node]>();
        for (const layer of layers) {
            for (const [key, value, sysctlKey] of entries(isMap(layer) ? (layer.get('sysctls', true) as Node) : undefined)) {
                if (!sysctls.has(key)) sysctls.set(key, [value, sysctlKey]);
            }
        }
        for (const [key, [value, sysctlKey]] of sysctls) {
            sysctl(state, namespace, origin(context, sysctlKey), [`${key}=${isScalar(value) ? String(value.value) : ''}`]);
        }
        // exec: the lists of defaults, kind, group and node one after the other, each command once (mergeStringSliceFields)
        const seen = new Set<unknown>();
        for (const layer of [...layers].reverse()) {
            const exec = isMap(layer) ? (layer.get('exec', true) as Node | undefined) : undefined;
            if (exec !== undefined && !isSeq(exec)) state.error(origin(context, exec), 'exec is a list of commands');
            for (const command of isSeq(exec) ? (exec.items as Node[]) : []) {
                const text = isScalar(command) ? command.value : command;
                if (seen.has(text)) continue;
                seen.add(text);
                execs.push({ namespace, command });
            }
        }
    }
    readLinks(context, topologyMap.get('links', true) as Node | undefined, namespaces, bridges, refused);
    for (const { namespace, command } of execs) {
        if (!isScalar(command) || typeof command.value !== 'string') state.error(origin(context, command), 'an exec command is a string');
        else runScript(state, namespace, command.value, file, lineOf(context, command));
    }
    return { topology: labTopology(state), problems: state.problems, header };
}

/** `links: [{endpoints: ["a:eth1", "b:eth1"]}, ...]` (or endpoints as `{node: a, interface: eth1}`). */
function readLinks(
    context: Context,
    links: Node | undefined,
    namespaces: ReadonlyMap<string, Namespace>,
    bridges: ReadonlySet<string>,
    refused: ReadonlySet<string>
): void {
    const { state } = context;
    if (links === undefined) return;
    if (!isSeq(links)) return state.error(origin(context, links), 'topology.links is a list of links');
    for (const link of links.items as Node[]) {
        const at = origin(context, link);
        const endpoints = isMap(link) ? link.get('endpoints', true) : undefined;
        if (!isSeq(endpoints) || endpoints.items.length !== 2) {
            state.error(at, 'a link is imported as endpoints: ["NODE:INTERFACE", "NODE:INTERFACE"]');
            continue;
        }
        for (const [key, , keyNode] of entries(link))
            if (key !== 'endpoints' && key !== 'type') state.warn(origin(context, keyNode), `ignored: the link setting ${key} is not modelled`);
        const ends = (endpoints.items as Node[]).map((endpoint) => endpointOf(endpoint));
        if (ends.some((end) => end === undefined)) {
            state.error(at, 'an endpoint is NODE:INTERFACE (or {node: NODE, interface: INTERFACE})');
            continue;
        }
        const [a, b] = ends as { node: string; iface: string }[];
        if (refused.has(a.node) || refused.has(b.node)) continue;
        if (![a, b].every((end) => state.nameFits(at, 'interface', end.iface))) continue;
        const unknown = [a, b].find((end) => !namespaces.has(end.node) && !bridges.has(end.node));
        if (unknown) {
            state.error(
                at,
                SPECIAL_ENDPOINTS.has(unknown.node)
                    ? `an endpoint on ${unknown.node} is not imported: nettopo import links nodes of the file`
                    : `the link names node ${unknown.node}, which topology.nodes does not have`
            );
            continue;
        }
        const taken = [a, b].find((end) => namespaces.get(end.node)?.devices.has(end.iface));
        if (taken) {
            state.error(at, `${taken.node} already has an interface ${taken.iface}`);
            continue;
        }
        if (bridges.has(a.node) && bridges.has(b.node)) {
            state.error(at, `a link between bridges ${a.node} and ${b.node} is not imported: nettopo links switches to machines only`);
            continue;
        }
        const [bridge, other] = bridges.has(a.node) ? [a, b] : bridges.has(b.node) ? [b, a] : [undefined, undefined];
        if (bridge && other) {
            state.addDevice(namespaces.get(other.node)!, { name: other.iface, kind: 'cable', domain: bridge.node, origin: at }).up = true;
            continue;
        }
        const end = state.addDevice(namespaces.get(a.node)!, { name: a.iface, kind: 'veth', origin: at });
        const peer = state.addDevice(namespaces.get(b.node)!, { name: b.iface, kind: 'veth', origin: at });
        end.peer = peer;
        peer.peer = end;
        end.up = peer.up = true;
    }
}

function endpointOf(endpoint: Node): { node: string; iface: string } | undefined {
    if (isScalar(endpoint) && typeof endpoint.value === 'string') {
        const match = /^([^:]+):([^:]+)$/.exec(endpoint.value);
        return match ? { node: match[1], iface: match[2] } : undefined;
    }
    if (isMap(endpoint)) {
        const [node, iface] = [endpoint.get('node'), endpoint.get('interface')];
        if (typeof node === 'string' && typeof iface === 'string') return { node, iface };
    }
    return undefined;
}

/** A node's setting: its own, else its group's, else its kind's (topology.kinds), else topology.defaults'. */
function setting(topology: Node, node: Node | null, key: string): Node | undefined {
    for (const source of sources(topology, node)) {
        const value = isMap(source) ? source.get(key, true) : undefined;
        if (value !== undefined) return value as Node;
    }
    return undefined;
}

/** The settings a node takes from its group, kind and defaults (each once, where it is written): for the warnings about them. */
function inherited(topology: Node, node: Node | null): [string, Node | null, Node][] {
    const own = new Set(entries(node).map(([key]) => key));
    const seen = new Set<string>();
    const found: [string, Node | null, Node][] = [];
    for (const source of sources(topology, node).slice(1)) {
        for (const entry of entries(source)) {
            if (own.has(entry[0]) || seen.has(entry[0])) continue;
            seen.add(entry[0]);
            found.push(entry);
        }
    }
    return found;
}

function sources(topology: Node, node: Node | null): (Node | undefined)[] {
    const lookup = (section: string, name: unknown) => {
        const map = isMap(topology) ? topology.get(section, true) : undefined;
        return typeof name === 'string' && isMap(map) ? (map.get(name, true) as Node | undefined) : undefined;
    };
    const group = isMap(node) ? node.get('group') : undefined;
    const groupNode = lookup('groups', group);
    const kind = (isMap(node) ? node.get('kind') : undefined) ?? (isMap(groupNode) ? groupNode.get('kind') : undefined);
    const defaults = isMap(topology) ? (topology.get('defaults', true) as Node | undefined) : undefined;
    const defaultKind = kind ?? (isMap(defaults) ? defaults.get('kind') : undefined);
    return [node ?? undefined, groupNode, lookup('kinds', defaultKind), defaults];
}

/** A map's entries as [key, value, key node]; nothing for what is not a map. */
function entries(node: Node | null | undefined): [string, Node | null, Node][] {
    if (!isMap(node)) return [];
    return node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), pair.value as Node | null, pair.key as Node]);
}

function lineOf(context: Context, node: Node): number {
    return context.lines.linePos(node.range?.[0] ?? 0).line;
}

function origin(context: Context, node: Node): Origin {
    return { file: context.file, line: lineOf(context, node), command: '' };
}

/** What each of the YAML parser's error codes means, in our words (its own messages are the library's). */
const YAML_PROBLEMS: Partial<Record<ErrorCode, string>> = {
    BAD_INDENT: 'a line is indented wrongly for where it is',
    TAB_AS_INDENT: 'a tab indents a line (YAML indents with spaces)',
    DUPLICATE_KEY: 'a key appears twice in the same map',
    MISSING_CHAR: 'a closing quote or bracket is missing',
    MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line (a missing colon or quote before it?)',
    BLOCK_AS_IMPLICIT_KEY: 'a block is used as a key (a missing colon?)',
    UNEXPECTED_TOKEN: 'there is a character YAML does not expect there',
    BAD_SCALAR_START: 'a plain value cannot start with that character: quote it',
    MULTIPLE_DOCS: 'there is more than one document (---): a topology is one',
    BLOCK_IN_FLOW: 'a block is inside brackets or braces',
    BAD_DQ_ESCAPE: 'a double-quoted string has an escape YAML does not know',
    BAD_ALIAS: 'an alias (*name) names no anchor',
    KEY_OVER_1024_CHARS: 'a key is longer than YAML allows'
};
