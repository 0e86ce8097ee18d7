import {
    AstUtils,
    CstUtils,
    GrammarAST,
    URI,
    UriUtils,
    type AstNodeDescription,
    type FileSystemProvider,
    type LangiumDocument,
    type LangiumDocuments,
    type MaybePromise,
    type ReferenceInfo,
    type Stream
} from 'langium';
import {
    DefaultCompletionProvider,
    type CompletionAcceptor,
    type CompletionBacktrackingInformation,
    type CompletionContext,
    type CompletionProviderOptions,
    type CompletionValueItem,
    type NextFeature
} from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
    CompletionItemKind,
    InsertTextFormat,
    type CancellationToken,
    type CompletionItem,
    type CompletionList,
    type CompletionParams,
    type Range
} from 'vscode-languageserver';
import { formatIpv4, formatPrefix, parseCidr } from '../address/ipv4.js';
import type { Network } from '../engine/network.js';
import * as ast from '../generated/ast.js';
import type { NetServices } from '../net-module.js';
import type { NetDocumentModels } from '../net-document.js';
import { freeAddresses, gatewayChoices, holderName } from '../views/address-view.js';
import { coreMembers } from '../build-topology.js';
import { isShapeNode } from '../shapes/docker-shapes.js';

/** How many free addresses of one subnet completion offers. */
const FREE_ADDRESSES = 5;

/** The sysctl keys the simulation models, `IF` standing for each interface of the node. */
const SYSCTL_KEYS: readonly { key: string; doc: string }[] = [
    { key: 'net.ipv4.ip_forward', doc: 'forward packets between interfaces: 0 or 1 (a router starts with 1)' },
    { key: 'net.ipv4.icmp_echo_ignore_all', doc: 'ignore every echo request: 0 or 1' },
    { key: 'net.ipv4.conf.all.forwarding', doc: "the same switch as ip_forward: every interface's forwarding" },
    { key: 'net.ipv4.conf.IF.forwarding', doc: 'forward what arrives on this interface: 0 or 1' },
    { key: 'net.ipv4.conf.all.rp_filter', doc: 'reverse-path filter on every interface: 0 off, 1 strict, 2 loose (the larger of all and IF applies)' },
    { key: 'net.ipv4.conf.IF.rp_filter', doc: 'reverse-path filter on this interface: 0 off, 1 strict, 2 loose' },
    { key: 'net.ipv4.conf.all.send_redirects', doc: 'send ICMP redirects: 0 or 1 (an interface sends them if all or its own is 1)' },
    { key: 'net.ipv4.conf.IF.send_redirects', doc: 'send ICMP redirects from this interface: 0 or 1' },
    {
        key: 'net.ipv4.conf.all.accept_redirects',
        doc: 'obey ICMP redirects: 0 or 1 (a host: all or IF; a forwarding interface: all and IF; ip_forward 1 sets it to 0)'
    },
    { key: 'net.ipv4.conf.IF.accept_redirects', doc: 'obey ICMP redirects arriving on this interface: 0 or 1' },
    { key: 'net.bridge.bridge-nf-call-iptables', doc: 'traffic bridged between two ports crosses the FORWARD chain: 0 or 1 (default 1)' }
];

/** Statements a new file usually starts with, as snippets. */
const SNIPPETS: readonly { label: string; detail: string; body: string }[] = [
    {
        label: 'host',
        detail: 'a host on a switch, with a default route',
        body: 'host ${1:name} {\n  eth0 ${2:192.168.1.10/24} -- ${3:lan}\n  route default via ${4:192.168.1.1}\n}'
    },
    {
        label: 'router',
        detail: 'a router joining two switches',
        body: 'router ${1:gw} {\n  eth0 ${2:192.168.1.1/24} -- ${3:lan1}\n  eth1 ${4:192.168.2.1/24} -- ${5:lan2}\n}'
    },
    {
        label: 'two-LAN lab',
        detail: 'two switches, a router, a host on each side, a ping both ways',
        body: [
            'switch ${1:lan1} 192.168.1.0/24',
            'switch ${2:lan2} 192.168.2.0/24',
            '',
            'router ${3:gw} {',
            '  eth0 192.168.1.1/24 -- $1',
            '  eth1 192.168.2.1/24 -- $2',
            '}',
            '',
            'host ${4:alice} {',
            '  eth0 192.168.1.10/24 -- $1',
            '  route default via 192.168.1.1',
            '}',
            '',
            'host ${5:bob} {',
            '  eth0 192.168.2.10/24 -- $2',
            '  route default via 192.168.2.1',
            '}',
            '',
            'ping $4 -> $5',
            'ping $5 -> $4',
            ''
        ].join('\n')
    }
];

/**
 * Completion: Langium's keywords and names, plus what only the network knows: interface names of
 * the named node (after `NODE.` and `dev`), the modelled sysctl keys with this node's interfaces,
 * free addresses of a switch's subnet for an interface, gateways on the node's own subnets after
 * `via`, the `.net` files beside this one after `import`, and snippets for a host, a router and a two-LAN lab.
 */
export class NetCompletionProvider extends DefaultCompletionProvider {
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.'] };
    private readonly documents: LangiumDocuments;
    private readonly models: NetDocumentModels;
    private readonly fileSystem: FileSystemProvider;

    constructor(services: NetServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.models = services.model.DocumentModels;
        this.fileSystem = services.shared.workspace.FileSystemProvider;
    }

    /**
     * Langium's completion, plus addresses: a half-typed address (`10.0.`) lexes as numbers and
     * dots, which the grammar cannot place, so gateways and interface addresses are offered from
     * the line's text as well.
     */
    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const list = await super.getCompletion(document, params, cancelToken);
        const textDocument = document.textDocument;
        const before = textDocument.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
        const partial = /(\bvia|^\s*[A-Za-z_][\w-]*)\s+(\d[\d./]*)$/.exec(before);
        if (!list || !partial) return list;
        const root = document.parseResult.value.$cstNode;
        // The line's first word (`route`, the interface name) sits in the node even when the rest does not parse.
        const lineStart = textDocument.offsetAt({ line: params.position.line, character: before.length - before.trimStart().length });
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, lineStart);
        const node = leaf && AstUtils.getContainerOfType(leaf.astNode, ast.isNode);
        if (!node) return list;
        const range = { start: { line: params.position.line, character: params.position.character - partial[2].length }, end: params.position };
        const items = partial[1] === 'via' ? this.gateways(document, node, range) : this.addresses(document, undefined, range);
        const known = new Set(list.items.map((item) => item.label));
        return { ...list, items: [...list.items, ...items.filter((item) => !known.has(item.label) && item.label.startsWith(partial[2]))] };
    }

    /**
     * Langium lexes and parses the whole text before the cursor to learn what may come next; a
     * statement never depends on the ones before it, so the text from the start of the cursor's
     * statement tells the same, and a 50,000-line lab costs no more than a small one.
     */
    protected override findFeaturesAt(textDocument: TextDocument, offset: number): NextFeature[] {
        const start = this.statementStart(textDocument, offset);
        if (start === 0) return super.findFeaturesAt(textDocument, offset);
        const window = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.getText().slice(start, offset));
        return super.findFeaturesAt(window, offset - start);
    }

    /** Tokens never span lines: the cursor's line and the one before it hold every token the answer needs. */
    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        const start = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
        const lineEnd = text.indexOf('\n', offset);
        const found = super.backtrackToAnyToken(text.slice(start, lineEnd < 0 ? text.length : lineEnd + 1), offset - start);
        const shift = (value: number | undefined) => (value === undefined ? undefined : value + start);
        return {
            nextTokenStart: found.nextTokenStart + start,
            nextTokenEnd: found.nextTokenEnd + start,
            previousTokenStart: shift(found.previousTokenStart),
            previousTokenEnd: shift(found.previousTokenEnd)
        };
    }

    /**
     * Where the top-level statement holding `offset` starts; between statements, after a complete
     * one (a node block closed by its brace), the start of the cursor's line; else 0, where Langium starts.
     */
    private statementStart(textDocument: TextDocument, offset: number): number {
        const root = this.documents.getDocument(URI.parse(textDocument.uri))?.parseResult.value as ast.Topology | undefined;
        const statements = root?.statements ?? [];
        let low = 0;
        let high = statements.length - 1;
        while (low <= high) {
            const middle = (low + high) >> 1;
            const node = statements[middle].$cstNode;
            if (!node) return 0;
            if (offset < node.offset) high = middle - 1;
            else if (offset > node.end) low = middle + 1;
            else return node.offset;
        }
        const before = statements[high];
        // A container or pod line is a node with no block: complete at its line's end.
        const closed = before && (!ast.isNode(before) || isShapeNode(before) || before.$cstNode?.text.endsWith('}'));
        return closed ? textDocument.offsetAt({ line: textDocument.positionAt(offset).line, character: 0 }) : 0;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment)?.feature;
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        const at = context.node;
        const node = at && AstUtils.getContainerOfType(at, ast.isNode);
        const here = { start: context.position, end: context.position };
        const accept = (items: CompletionItem[]) => items.forEach((item) => acceptor(context, item as CompletionValueItem));
        if (rule === 'SysctlWord' || rule === 'SysctlKey' || (ast.isSysctl(at) && assignment === 'key')) return this.sysctlKeys(context, node, acceptor);
        if (ast.isDev(at) && (rule === 'Name' || rule === 'InterfaceName')) return this.interfaceNames(context, node, acceptor);
        if (ast.isVia(at) && assignment === 'gateway' && node) return accept(this.gateways(context.document, node, here));
        if (ast.isInterface(at) && rule === 'Cidr') return accept(this.addresses(context.document, at, here));
        if (rule === 'Import' && assignment === 'path') return this.importPaths(context.document).then(accept);
        if (GrammarAST.isKeyword(next.feature) && (next.feature.value === 'host' || next.feature.value === 'router')) this.snippets(context, acceptor);
        return super.completionFor(context, next, acceptor);
    }

    /** After `NODE.`, only that node's interfaces. */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const typed = context.textDocument.getText().substring(context.tokenOffset, context.offset);
        const candidates = super.getReferenceCandidates(refInfo, context);
        const dot = typed.lastIndexOf('.');
        return dot < 0 ? candidates : candidates.filter((candidate) => candidate.name.startsWith(typed.slice(0, dot + 1)));
    }

    private sysctlKeys(context: CompletionContext, node: ast.Node | undefined, acceptor: CompletionAcceptor): void {
        const interfaces = this.interfacesOf(context.document, node)
            .map((iface) => iface.name)
            .filter(Boolean);
        for (const { key, doc } of SYSCTL_KEYS) {
            for (const name of key.includes('.IF.') ? interfaces : [undefined]) {
                const label = name ? key.replace('.IF.', `.${name}.`) : key;
                acceptor(context, { label, kind: CompletionItemKind.Property, detail: 'sysctl', documentation: doc, sortText: '0' });
            }
        }
    }

    private interfaceNames(context: CompletionContext, node: ast.Node | undefined, acceptor: CompletionAcceptor): void {
        for (const iface of this.interfacesOf(context.document, node)) {
            if (iface.name) acceptor(context, { label: iface.name, kind: CompletionItemKind.Interface, detail: iface.addresses.join(', '), sortText: '0' });
        }
    }

    /** Addresses other nodes hold on the subnets of this node's links, forwarding nodes first. */
    private gateways(document: LangiumDocument, node: ast.Node, range: Range): CompletionItem[] {
        return gatewayChoices(this.network(document), node.name).map(({ holder, forwards }) =>
            addressItem(
                formatIpv4(holder.address.address),
                range,
                `${holderName(holder)}${forwards ? ', forwards' : ', does not forward'}`,
                forwards ? '0' : '1'
            )
        );
    }

    /** Free addresses of the switch the interface is plugged into, or the first free one of every switch with a prefix. */
    private addresses(document: LangiumDocument, iface: ast.Interface | undefined, range: Range): CompletionItem[] {
        const network = this.network(document);
        const plugged = ast.isSwitch(iface?.peer?.ref) ? iface.peer.ref : undefined;
        const switches = (document.parseResult.value as ast.Topology).statements
            .filter(ast.isSwitch)
            .filter((entry) => entry.prefix && (!plugged || entry === plugged));
        return switches.flatMap((entry) => {
            const prefix = parseCidr(entry.prefix);
            if ('error' in prefix) return [];
            return freeAddresses(network, prefix, plugged ? FREE_ADDRESSES : 1).map((address, index) =>
                addressItem(formatPrefix({ address, length: prefix.length }), range, `free on ${entry.name} (${entry.prefix})`, `0${index}`)
            );
        });
    }

    /** The `.net` files in this file's folder (itself aside), quoted; none where there is no file system to list (the browser). */
    private async importPaths(document: LangiumDocument): Promise<CompletionItem[]> {
        const folder = UriUtils.dirname(document.uri);
        const entries = await this.fileSystem.readDirectory(folder).catch(() => []);
        return entries
            .filter((entry) => entry.isFile && entry.uri.path.endsWith('.net') && !UriUtils.equals(entry.uri, document.uri))
            .map((entry) => UriUtils.basename(entry.uri))
            .sort()
            .map((name) => ({ label: `"${name}"`, kind: CompletionItemKind.File, detail: 'a lab file beside this one', insertText: `"${name}"` }));
    }

    private snippets(context: CompletionContext, acceptor: CompletionAcceptor): void {
        if (context.node && AstUtils.getContainerOfType(context.node, ast.isNode)) return;
        for (const snippet of SNIPPETS) {
            acceptor(context, {
                label: snippet.label,
                kind: CompletionItemKind.Snippet,
                detail: snippet.detail,
                insertText: snippet.body,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: '2'
            });
        }
    }

    /** The node's interfaces, its shapes' bridges (docker0, br-NAME) among them. */
    private interfacesOf(document: LangiumDocument, node: ast.Node | undefined): ast.Interface[] {
        if (!node) return [];
        const { expansion } = this.models.get(document as LangiumDocument<ast.Topology>);
        return coreMembers(node, expansion)
            .map(({ member }) => member)
            .filter(ast.isInterface);
    }

    private network(document: LangiumDocument): Network {
        return this.models.get(document as LangiumDocument<ast.Topology>).network;
    }
}

/** An address to insert over `range` (all of the address typed so far). */
function addressItem(text: string, range: Range, detail: string, sortText: string): CompletionItem {
    return { label: text, kind: CompletionItemKind.Value, detail, sortText, filterText: text, textEdit: { newText: text, range } };
}
