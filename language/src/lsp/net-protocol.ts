/**
 * The custom requests nettopo's language server answers beyond LSP, and the plain-JSON views they
 * return. The VS Code extension sends them (Run ping, route tables, the simulator), and relays their
 * answers to the simulator webview; every routing fact in them comes from the one engine.
 *
 * Positions are LSP's (0-based line and character). Addresses are dotted quads. This file holds
 * types and request names only, so the extension and the webview can import it without Langium.
 */

/** An LSP range (0-based, end exclusive), repeated here so that importers need no LSP package. */
export interface TextRange {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
}

/** `nettopo/ping`: simulate `ping -c N [-b] [-I FROM] TARGET` on SOURCE in the document's current state. */
export const PING_REQUEST = 'nettopo/ping';

export interface PingParams extends PingLineOptions {
    readonly uri: string;
    /** A host or router of the document. */
    readonly source: string;
    /** An address, a node (its first address) or `NODE.IFNAME`, as in a `ping` statement. */
    readonly target: string;
}

/** A `ping` line's options, as written: `from ADDR|IF` (`-I`), `count N` (`-c N`, default 1), `broadcast` (`-b`). */
export interface PingLineOptions {
    readonly from?: string;
    readonly count?: number;
    readonly broadcast?: boolean;
}

/** A simulated ping, ready to print (Run ping) and to animate (the simulator). */
export interface PingView {
    readonly source: string;
    /** The target as given, and the address it names (absent for a host name that did not resolve). */
    readonly targetText: string;
    readonly target?: string;
    /** For a ping by host name: the name, and how the source resolved it (a hosts line, or which nameserver answered and the query's path). */
    readonly name?: string;
    readonly resolution?: string;
    readonly reply: boolean;
    /** The command as a user would type it: `ping -c 1 192.168.2.5`. */
    readonly command: string;
    /** What `ping -c N` prints, start to end: the `PING` header, the packet lines, the statistics block. */
    readonly transcript: readonly string[];
    /** Only the packet lines (what the spec's output format and `nettopo ping --json` call `lines`). */
    readonly lines: readonly string[];
    /** The nodes the request, then the reply (or error), went through. */
    readonly path: readonly string[];
    /** One line for a code lens: `✓ reply, ttl=63`, `✗ no reply: carol has no route back`. */
    readonly verdict: string;
    /** Why there is no reply, in a sentence (absent on a reply). */
    readonly explanation?: string;
    /** Every hop of every packet (a name's DNS queries and answers first, then request, reply, errors, redirects), in order. */
    readonly steps: readonly StepView[];
}

export type PacketKindView = 'echo-request' | 'echo-reply' | 'icmp-error' | 'redirect' | 'dns-query' | 'dns-answer';

/** One decision of one node about one packet: what the simulator's step list shows and animates. */
export interface StepView {
    readonly packet: PacketKindView;
    readonly node: string;
    readonly action: 'send' | 'forward' | 'deliver' | 'drop' | 'error';
    readonly src: string;
    readonly dst: string;
    readonly ttl: number;
    readonly inDevice?: string;
    readonly outDevice?: string;
    readonly nextHop?: string;
    /** The route the node used, as `ip route` prints it. */
    readonly route?: string;
    /** Where that route is written, when it is a `route` statement (connected routes have none). */
    readonly routeRange?: TextRange;
    /** Who answered ARP for the next hop (`R1.eth0`), or `failed`. */
    readonly arp?: string;
    /** The packet's kind in words (`echo request`, `ICMP redirect`), as the trace and the step list name it. */
    readonly packetName: string;
    /**
     * The hop the packet takes next, for animation: from this node's interface to the one that
     * received it, through the switch their segment is (absent on a cable).
     */
    readonly hop?: {
        readonly fromDevice: string;
        readonly toNode: string;
        readonly toDevice: string;
        readonly switch?: string;
        /** The Linux bridge their segment is (`HOST.BRIDGE`, a {@link BridgeView}'s id), when it is one. */
        readonly bridge?: string;
    };
    /** What the kernel decided and why, in plain words (the route, ARP, forwarding, rp_filter, TTL, redirect). */
    readonly text: string;
    /** Set on the step where the packet stops: why, in plain words. */
    readonly stop?: string;
    /** What netfilter did to the packet at this node, in order: each translation and the filter verdict, with the rule that decided it. */
    readonly netfilter?: readonly NetfilterStepView[];
}

/** A translation (MASQUERADE, or conntrack undoing it) or a filter chain's verdict, and the line that decided it. */
export interface NetfilterStepView {
    readonly kind: 'translation' | 'verdict';
    /** In words: `dh1 rewrites the source 172.17.0.2 → 192.168.1.10 (MASQUERADE)`, `dh1's FORWARD policy drops it (state new)`. */
    readonly text: string;
    /** The deciding rule or policy as `iptables -S` (or `-t nat -S`) lists it. */
    readonly rule: string;
    /** Where that `nat` or `filter` line is written (none for a chain's default policy). */
    readonly range?: TextRange;
}

/**
 * `nettopo/validated` (a notification, server to client): a document open in the editor has been
 * validated in its current text, `version`. Its views (topology, pings, matrix) now answer for that
 * text at once; the simulator redraws on it instead of asking until an answer is current.
 */
export const VALIDATED_NOTIFICATION = 'nettopo/validated';

export interface ValidatedParams {
    readonly uri: string;
    readonly version: number;
}

/** `nettopo/topology`: the document's topology as the simulator draws it. */
export const TOPOLOGY_REQUEST = 'nettopo/topology';

export interface TopologyParams {
    readonly uri: string;
}

export interface TopologyView {
    readonly uri: string;
    /** The document version the view was computed from. */
    readonly version: number;
    readonly switches: readonly SwitchView[];
    readonly nodes: readonly NodeView[];
    /** Every Linux bridge (`bridge NAME` in a node): drawn beside its host, its ports' veth peers around it. */
    readonly bridges: readonly BridgeView[];
    /** Every cable: switch ports, veth pairs to a bridge's port, and point-to-point links. */
    readonly links: readonly LinkView[];
    readonly pings: readonly PingLineView[];
    /** What a ping can be aimed at (each names an address), node by node: what the pickers offer. */
    readonly pingTargets: readonly PingTargetView[];
}

/** A ping target: `NODE` (its first address), `NODE.IFNAME` (that interface's), or an address. */
export interface PingTargetView {
    /** What to type, or to send as `nettopo/ping`'s target. */
    readonly text: string;
    readonly kind: 'node' | 'interface' | 'address';
    readonly node: string;
    /** The interface it is, or that holds the address. */
    readonly device?: string;
    /** The address it names. */
    readonly address: string;
}

export interface DiagnosticView {
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    readonly code?: string;
    readonly message: string;
    readonly range: TextRange;
}

export interface SwitchView {
    readonly name: string;
    /** The switch's declared prefix, if any, else the subnets its ports' addresses are in. */
    readonly subnets: readonly string[];
    /** The range of the switch's name. */
    readonly range: TextRange;
    /** Diagnostics on the switch's line. */
    readonly diagnostics: readonly DiagnosticView[];
}

export interface BridgeView {
    /** `HOST.BRIDGE`: what {@link LinkView}s of kind `bridge` and a hop's `bridge` name it by. */
    readonly id: string;
    readonly host: string;
    readonly name: string;
    /** `ADDR/LEN`, primary first (the host's addresses on the bridge). */
    readonly addresses: readonly string[];
    /** The range of the bridge's line. */
    readonly range: TextRange;
}

export interface NodeView {
    readonly name: string;
    readonly kind: 'host' | 'router';
    /** The range of the node's name, and of its whole block. */
    readonly range: TextRange;
    readonly blockRange: TextRange;
    readonly interfaces: readonly InterfaceView[];
    readonly sysctls: readonly { readonly key: string; readonly value: number; readonly range: TextRange }[];
    /**
     * Whether the node forwards packets arriving on all, some or none of its interfaces
     * (`net.ipv4.ip_forward`, per interface where set); without interfaces, as `ip_forward` says.
     */
    readonly forwarding: 'all' | 'some' | 'none';
    /** Whether packets arriving on each interface are forwarded (`net.ipv4.conf.IF.forwarding`). */
    readonly interfaceForwarding: Readonly<Record<string, boolean>>;
    readonly rpFilter: Readonly<Record<string, 0 | 1 | 2>>;
    readonly sendRedirects: Readonly<Record<string, boolean>>;
    /** The main table exactly as `ip route` and `route -n` print it. */
    readonly ipRoute: string;
    readonly routeN: string;
    /** The table's rows in `ip route` order, each with its `route` statement's range (connected routes have none). */
    readonly routes: readonly { readonly text: string; readonly range?: TextRange }[];
    /** Its rules exactly as `iptables -S` and `iptables -t nat -S` list them; absent on a node without `nat` or `filter` lines. */
    readonly iptables?: { readonly filter: string; readonly nat: string };
    /** Diagnostics whose range lies in the node's block. */
    readonly diagnostics: readonly DiagnosticView[];
}

export interface InterfaceView {
    readonly name: string;
    /** `ADDR/LEN`, primary first. */
    readonly addresses: readonly string[];
    /** Set when it is not plainly up: `down`, `no carrier` (the far end is down) or `bridge down`. */
    readonly state?: string;
    readonly range: TextRange;
}

export type LinkView =
    | { readonly kind: 'switch'; readonly node: string; readonly device: string; readonly switch: string }
    /** A veth pair from `node`'s `device` to a port of a bridge (a {@link BridgeView}'s id). */
    | { readonly kind: 'bridge'; readonly node: string; readonly device: string; readonly bridge: string }
    | {
          readonly kind: 'cable';
          readonly a: { readonly node: string; readonly device: string };
          readonly b: { readonly node: string; readonly device: string };
      };

/** A `ping` statement with its predicted outcome. */
export interface PingLineView {
    readonly source: string;
    readonly targetText: string;
    /** The address pinged (absent for a host name that did not resolve). */
    readonly target?: string;
    readonly expectReply: boolean;
    readonly holds: boolean;
    readonly verdict: string;
    readonly range: TextRange;
}

/**
 * `nettopo/matrix`: every node pinging every interface address of the document. A long request:
 * it yields to the others, honours `$/cancelRequest`, is cancelled by a newer matrix request for
 * the same document or by an edit of it, and reports its progress (LSP work-done progress,
 * `$/progress` with `percentage`) when given a `workDoneToken`.
 */
export const MATRIX_REQUEST = 'nettopo/matrix';

export interface MatrixParams {
    readonly uri: string;
    readonly workDoneToken?: string | number;
}

/** How a ping ends, as the reachability matrix colours it. */
export type PingOutcome =
    | 'reply'
    /** `connect()` failed on the pinger (no route, reject route, broadcast). */
    | 'no-route'
    | 'net-unreachable'
    | 'host-unreachable'
    | 'filtered'
    | 'ttl-exceeded'
    /** Nothing printed: the request or the reply was silently dropped somewhere. */
    | 'silent';

export interface MatrixView {
    readonly uri: string;
    readonly version: number;
    readonly sources: readonly string[];
    readonly targets: readonly { readonly address: string; readonly node: string; readonly device: string }[];
    /** `cells[i][j]`: sources[i] pinging targets[j]. */
    readonly cells: readonly (readonly PingOutcome[])[];
}

/** `nettopo/toggleForwarding`: the edit that turns a node's forwarding on or off (a workspace edit to apply). */
export const TOGGLE_FORWARDING_REQUEST = 'nettopo/toggleForwarding';

export interface ToggleForwardingParams {
    readonly uri: string;
    readonly node: string;
}

/** LSP text edits for one document, as `WorkspaceEdit.changes` carries them. */
export interface DocumentEdits {
    readonly uri: string;
    readonly edits: readonly { readonly range: TextRange; readonly newText: string }[];
}

/**
 * `nettopo/importKinds`: the kinds of lab `nettopo import` reads, for the editor's picker. Only the
 * Node server answers it (and `nettopo/import`): the import reads files; the browser server has none.
 */
export const IMPORT_KINDS_REQUEST = 'nettopo/importKinds';

export interface ImportKindView {
    readonly kind: string;
    /** What its PATH is: a file, or a folder (a lab directory). */
    readonly input: 'file' | 'folder';
    /** What else it asks for, in order (`--NAME` on the command line). */
    readonly options: readonly ImportOptionView[];
}

export interface ImportOptionView {
    readonly name: string;
    readonly prompt: string;
    /** The answer offered first. */
    readonly value: string;
    /** Several values, separated by spaces in the answer. */
    readonly list?: true;
}

/** `nettopo/import`: import the file (or folder) at `path`, on the server's file system, as `nettopo import KIND PATH` does. */
export const IMPORT_REQUEST = 'nettopo/import';

export interface ImportParams {
    readonly kind: string;
    readonly path: string;
    readonly options?: Readonly<Record<string, string | readonly string[]>>;
}

export interface ImportView {
    /** The `.net` text; absent when there is an error. */
    readonly text?: string;
    /** Errors and warnings, in the input's order, as `nettopo import` prints them (`FILE:LINE: error: ...`). */
    readonly problems: readonly { readonly severity: 'error' | 'warning'; readonly line: string }[];
}

/**
 * The editor commands (those the language server's code lenses invoke among them); the extension registers them with
 * exactly these ids and arguments.
 */
export const COMMANDS = {
    /** `[uri, source, target, options?]`: run `nettopo/ping` and show the transcript (target and {@link PingLineOptions} as in a `ping` line). */
    runPing: 'nettopo.runPing',
    /** `[uri, node]`: show the node's table as `ip route` and `route -n` print it. */
    showRouteTable: 'nettopo.showRouteTable',
    /** `[uri, node]`: pick a target and run a ping from the node. */
    pingFrom: 'nettopo.pingFrom',
    /** `[uri]`: open the simulator on the document. */
    openSimulator: 'nettopo.openSimulator',
    /** `[uri?]`: apply the document's fix-all code action ({@link FIX_ALL_KIND}). */
    fixAll: 'nettopo.fixAll',
    /** `[kind?, path?, options?]`: import a lab ({@link IMPORT_REQUEST}) into a new untitled document; it is the command's result. */
    importLab: 'nettopo.import'
} as const;

/** The code action kind of nettopo's "fix all" (`source.fixAll.nettopo`): VS Code's Fix All and `editor.codeActionsOnSave` ask for `source.fixAll`. */
export const FIX_ALL_KIND = 'source.fixAll.nettopo';
