import {
    AstUtils,
    GrammarUtils,
    UriUtils,
    interruptAndCheck,
    type AstNode,
    type Cancellation,
    type LangiumDocument,
    type ValidationAcceptor,
    type ValidationChecks
} from 'langium';
import { fixesByCause, reportCauses } from './checks/cause-report.js';
import { routeAnalysisSteps } from './checks/route-analysis.js';
import { fixEdits } from './fixes/fix-edits.js';
import type { NetDiagnosticData } from './fixes/diagnostic-fixes.js';
import { checkPings } from './checks/ping-checks.js';
import { checkTopology } from './checks/topology-checks.js';
import { checkContainers } from './checks/container-checks.js';
import { parseCidr, parseIpv4 } from './address/ipv4.js';
import * as ast from './generated/ast.js';
import { MAX_INTERFACE_NAME, reservedInterfaceName } from './model/interface-names.js';
import type { NetServices } from './net-module.js';
import type { NetDocumentModels } from './net-document.js';
import type { NetPingRuns } from './net-ping-runs.js';
import type { NetRouteFiles } from './net-route-files.js';
import type { NetModelIndex } from './views/model-index.js';
import { MAX_PING_COUNT, pingTargetAddress, validPingCount, type InterfaceModel, type NodeModel, type RouteSpec } from './model/topology.js';
import { IssueCodes } from './checks/issue-codes.js';
import { ruleChecks } from './net-rule-validator.js';
import { coreMembers } from './build-topology.js';
import { shapeBridge } from './shapes/docker-shapes.js';
import { originsIn, type DocumentModel } from './net-document.js';
import type { Finding } from './checks/finding.js';
import type { NetDocument, NetLabs } from './net-labs.js';
import { checkImports } from './net-import-validator.js';

const MAX_METRIC = 0xffffffff;

/** Diagnostics about one route file's lines shown on its `routes from` line; the rest are counted in one more. */
const MAX_ROUTE_FILE_DIAGNOSTICS = 20;

/** Registers the `.net` checks with Langium's validation registry. */
export function registerValidationChecks(services: NetServices): void {
    const validator = services.validation.NetValidator;
    const checks: ValidationChecks<ast.NetAstType> = {
        Topology: [validator.checkImports, validator.checkUniqueNames, validator.checkShapes, validator.checkModel],
        Switch: validator.checkSwitch,
        Node: validator.checkUniqueInterfaces,
        Interface: validator.checkInterface,
        Route: validator.checkRoute,
        RoutesFrom: validator.checkRoutesFrom,
        Hosts: validator.checkNameAddress,
        Dns: validator.checkNameAddress,
        Nameserver: validator.checkNameAddress,
        Ping: [validator.checkPingTarget, validator.checkPingCount],
        PingFrom: validator.checkPingFrom
    };
    services.validation.ValidationRegistry.register(checks, validator);
    services.validation.ValidationRegistry.register(ruleChecks);
}

/**
 * The `.net` checks: syntax-level values here, and everything about the topology's behaviour
 * through the model checks in `checks/`, mapped back to the lines they are about.
 *
 * A file's lab-wide checks (names, shapes, the model's findings) run on the lab of each entry that
 * holds the file (net-labs.ts), and the file reports those whose line is its own: a finding about a
 * line of another file is that file's to report, when it is validated.
 */
export class NetValidator {
    private readonly models: NetDocumentModels;
    private readonly pingRuns: NetPingRuns;
    private readonly index: NetModelIndex;
    private readonly labs: NetLabs;
    /** Each lab model's findings: every file of the lab reads them, and the analysis is the costly part. */
    private readonly findings = new WeakMap<DocumentModel, readonly Finding[]>();
    private readonly routeFiles: NetRouteFiles;

    constructor(services: NetServices) {
        this.routeFiles = services.model.RouteFiles;
        this.models = services.model.DocumentModels;
        this.pingRuns = services.model.PingRuns;
        this.index = services.model.ModelIndex;
        this.labs = services.model.Labs;
    }

    checkImports(topology: ast.Topology, accept: ValidationAcceptor): void {
        checkImports(this.labs, AstUtils.getDocument(topology) as NetDocument, accept);
    }

    /** A name defined twice in a lab (in one file or two) is an error at its second definition, in the lab's order. */
    checkUniqueNames(topology: ast.Topology, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(topology) as NetDocument;
        const reported = new Set<ast.Statement>();
        for (const entry of this.labs.entriesOf(document)) {
            const seen = new Map<string, { kind: string; file: NetDocument }>();
            for (const file of this.labs.lab(entry)) {
                for (const statement of file.parseResult.value.statements) {
                    if (!(ast.isNode(statement) || ast.isSwitch(statement)) || !statement.name) continue;
                    const kind = ast.isSwitch(statement) ? 'switch' : statement.kind;
                    const earlier = seen.get(statement.name);
                    if (!earlier) seen.set(statement.name, { kind, file });
                    else if (file === document && !reported.has(statement)) {
                        reported.add(statement);
                        const where = earlier.file === document ? '' : ` in ${UriUtils.relative(UriUtils.dirname(document.uri), earlier.file.uri)}`;
                        accept('error', `duplicate name '${statement.name}': a ${earlier.kind}${where} already has it`, {
                            node: statement,
                            property: 'name',
                            code: IssueCodes.DuplicateName
                        });
                    }
                }
            }
        }
    }

    /** The models of the labs a document's lab-wide findings come from: each entry's that holds it. */
    private entryModels(topology: ast.Topology): DocumentModel[] {
        const document = AstUtils.getDocument(topology) as NetDocument;
        return this.labs.entriesOf(document).map((entry) => this.models.ofEntry(entry));
    }

    /**
     * The model checks: the topology's own, the route analysis's causes, the `ping` expectations.
     * The analysis runs in steps, letting the language server answer other requests (and cancel)
     * in between.
     */
    async checkModel(topology: ast.Topology, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const document = AstUtils.getDocument(topology) as LangiumDocument<ast.Topology>;
        const reported = new Set<string>();
        for (const model of this.entryModels(topology)) {
            const findings = await this.modelFindings(model, cancelToken);
            this.reportFindings(document, model, findings, reported, accept);
        }
    }

    /** A lab's findings: the topology's own, the route analysis's causes, the `ping` expectations; once per model. */
    private async modelFindings(model: DocumentModel, cancelToken: Cancellation.CancellationToken): Promise<readonly Finding[]> {
        const known = this.findings.get(model);
        if (known) return known;
        const { network } = model;
        const runs = this.pingRuns.ofModel(model);
        const steps = routeAnalysisSteps(network);
        let step = steps.next();
        while (!step.done) {
            await interruptAndCheck(cancelToken);
            step = steps.next();
        }
        const causes = reportCauses(network, step.value, runs);
        const findings = [...checkTopology(network), ...checkContainers(network), ...causes, ...checkPings(runs, network, fixesByCause(causes))];
        this.findings.set(model, findings);
        return findings;
    }

    /** The findings whose line is in `document`, as diagnostics; `reported` keeps one of each when two labs find the same. */
    private reportFindings(
        document: LangiumDocument<ast.Topology>,
        model: DocumentModel,
        findings: readonly Finding[],
        reported: Set<string>,
        accept: ValidationAcceptor
    ): void {
        const { origins } = model;
        // Only this file's lines are placed in it: a fix's change in another file is left out of its edits.
        const own = originsIn(document, origins);
        // A finding about a node is shown on its name, not on its whole block.
        const range = (subject: object) => {
            const node = origins.get(subject);
            return (ast.isNode(node) ? GrammarUtils.findNodeForProperty(node.$cstNode, 'name') : node?.$cstNode)?.range;
        };
        const fromFiles = new Map<ast.RoutesFrom, number>();
        for (const finding of findings) {
            const node = own.get(finding.subject);
            if (!node) continue;
            // A route of a file is not in the text: no edit fixes it, and its line in the file is named.
            const dumped = ast.isRoutesFrom(node) && (finding.subject as RouteSpec).dumped;
            const key = `${finding.code} ${finding.message} ${node.$cstNode?.offset} ${dumped ? dumped.line : ''}`;
            if (reported.has(key)) continue;
            reported.add(key);
            if (ast.isRoutesFrom(node)) {
                const count = (fromFiles.get(node) ?? 0) + 1;
                fromFiles.set(node, count);
                if (count > MAX_ROUTE_FILE_DIAGNOSTICS) continue;
            }
            const fix = ast.isRoutesFrom(node) ? undefined : finding.fix;
            const titles = fix ? [fix, ...(finding.alternatives ?? [])].map((each) => `${each.title[0].toLowerCase()}${each.title.slice(1)}`) : [];
            const said = dumped ? `${node.path} line ${dumped.line}: ${finding.message}` : finding.message;
            const message = titles.length ? `${said}; fix: ${titles.join('; or ')}` : said;
            const related = (finding.related ?? []).flatMap((entry) => {
                const at = range(entry.subject);
                const where = origins.get(entry.subject);
                return at && where ? [{ location: { uri: AstUtils.getDocument(where).uri.toString(), range: at }, message: entry.message }] : [];
            });
            const fixes = fix
                ? [fix, ...(finding.alternatives ?? [])]
                      .map((each) => ({ title: each.title, edits: fixEdits(each, document, own) }))
                      .filter((each) => each.edits.length > 0)
                : [];
            const data: NetDiagnosticData = {
                code: finding.code,
                ...(finding.cause && { cause: finding.cause }),
                ...(fixes.length && { fixes })
            };
            accept(finding.severity, message, {
                node,
                property: ast.isNode(node) ? 'name' : undefined,
                code: finding.code,
                data,
                ...(related.length && { relatedInformation: related })
            });
        }
        for (const [line, count] of fromFiles) {
            if (count <= MAX_ROUTE_FILE_DIAGNOSTICS) continue;
            accept(
                'warning',
                `${line.path}: ${count - MAX_ROUTE_FILE_DIAGNOSTICS} more problems with its routes, beyond the ${MAX_ROUTE_FILE_DIAGNOSTICS} shown`,
                {
                    node: line,
                    code: IssueCodes.RouteRefused
                }
            );
        }
    }

    /** A route file that cannot be read, its lines that do not read as routes, and its multipath routes, on the `routes from` line. */
    checkRoutesFrom(line: ast.RoutesFrom, accept: ValidationAcceptor): void {
        if (!line.path) {
            accept('error', 'routes from needs the path of a route file, in double quotes: routes from "r1.routes"', {
                node: line,
                code: IssueCodes.RouteFileUnreadable
            });
            return;
        }
        const load = this.routeFiles.get(line);
        if ('error' in load) {
            accept('error', load.error, { node: line, property: 'path', code: IssueCodes.RouteFileUnreadable });
            return;
        }
        const { problems, routes } = load.dump;
        for (const problem of problems.slice(0, MAX_ROUTE_FILE_DIAGNOSTICS)) {
            accept('error', `${line.path} line ${problem.line}: ${problem.message}`, { node: line, property: 'path', code: IssueCodes.RouteFileLine });
        }
        if (problems.length > MAX_ROUTE_FILE_DIAGNOSTICS) {
            const more = problems.length - MAX_ROUTE_FILE_DIAGNOSTICS;
            accept('error', `${line.path}: ${more} more lines that do not read as routes, beyond the ${MAX_ROUTE_FILE_DIAGNOSTICS} shown`, {
                node: line,
                property: 'path',
                code: IssueCodes.RouteFileLine
            });
        }
        const multipath = routes.filter((route) => route.dumped?.nexthops).length;
        if (multipath > 0) {
            const first = routes.find((route) => route.dumped?.nexthops)!;
            accept(
                'info',
                `${line.path} has ${multipath} multipath route${multipath === 1 ? '' : 's'} (the first on line ${first.dumped!.line}): the kernel picks one nexthop per flow by a hash whose seed is random at boot, which no file says; nettopo sends by the first nexthop`,
                { node: line, property: 'path', code: IssueCodes.RouteFileMultipath }
            );
        }
    }

    /** What Docker would refuse about a shape, on the shape's line. */
    checkShapes(topology: ast.Topology, accept: ValidationAcceptor): void {
        const reported = new Set<string>();
        for (const model of this.entryModels(topology)) {
            for (const problem of model.expansion.problems) {
                const key = `${problem.message} ${problem.shape.$cstNode?.offset}`;
                if (AstUtils.getDocument(problem.shape) !== AstUtils.getDocument(topology) || reported.has(key)) continue;
                reported.add(key);
                accept('error', problem.message, { node: problem.shape, property: problem.property, code: problem.code });
            }
        }
    }

    checkSwitch(entry: ast.Switch, accept: ValidationAcceptor): void {
        if (!entry.prefix) return;
        const prefix = parseCidr(entry.prefix);
        if ('error' in prefix) accept('error', prefix.error, { node: entry, property: 'prefix', code: IssueCodes.InvalidAddress });
    }

    /** Written interfaces and the bridges and cables of shapes alike (a `bridge docker0` beside `docker` is one too many). */
    checkUniqueInterfaces(node: ast.Node, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const { member, origin } of coreMembers(node, this.models.get(node.$container).expansion)) {
            if (!ast.isInterface(member) || !member.name) continue;
            if (seen.has(member.name))
                accept('error', `${node.name} already has an interface named ${member.name}`, {
                    node: origin,
                    property: origin === member ? 'name' : undefined,
                    code: IssueCodes.DuplicateName
                });
            seen.add(member.name);
        }
    }

    checkInterface(iface: ast.Interface, accept: ValidationAcceptor): void {
        if (iface.name && iface.name.length > MAX_INTERFACE_NAME) {
            accept('error', `interface name '${iface.name}' is ${iface.name.length} characters long; Linux allows at most ${MAX_INTERFACE_NAME} (IFNAMSIZ)`, {
                node: iface,
                property: 'name',
                code: IssueCodes.InterfaceNameTooLong
            });
        }
        const reserved = reservedInterfaceName(iface.name);
        if (reserved)
            accept('error', `${reserved}; name this interface differently`, { node: iface, property: 'name', code: IssueCodes.ReservedInterfaceName });
        iface.addresses.forEach((text, index) => {
            const parsed = parseCidr(text);
            if ('error' in parsed) accept('error', parsed.error, { node: iface, property: 'addresses', index, code: IssueCodes.InvalidAddress });
        });
        this.checkLink(iface, accept);
    }

    /** A cable declared on both ends must agree; an interface cannot be cabled to itself. */
    private checkLink(iface: ast.Interface, accept: ValidationAcceptor): void {
        const peer = iface.peer?.ref;
        const owner = iface.$container;
        if (!ast.isInterface(peer)) return;
        if (peer === iface) {
            accept('error', `${owner.name}.${iface.name} cannot be cabled to itself`, { node: iface, property: 'peer', code: IssueCodes.LinkConflict });
            return;
        }
        const back = peer.peer?.ref;
        const peerName = `${peer.$container.name}.${peer.name}`;
        if (back && back !== iface) {
            const other = ast.isInterface(back)
                ? `${back.$container.name}.${back.name}`
                : ast.isSwitch(back)
                  ? `switch ${back.name}`
                  : `${back.$container.name}.${shapeBridge(back)}`;
            accept('error', `${peerName} is already plugged into ${other}: a cable has two ends`, {
                node: iface,
                property: 'peer',
                code: IssueCodes.LinkConflict
            });
        }
    }

    checkRoute(route: ast.Route, accept: ValidationAcceptor): void {
        if (route.destination && route.destination !== 'default') {
            const parsed = parseCidr(route.destination);
            if ('error' in parsed) accept('error', parsed.error, { node: route, property: 'destination', code: IssueCodes.InvalidAddress });
        }
        const seen = new Set<string>();
        for (const option of route.options) {
            const keyword = option.$type === 'Via' ? 'via' : option.$type === 'Dev' ? 'dev' : 'metric';
            if (seen.has(keyword)) accept('error', `\`${keyword}\` is given twice`, { node: option, code: IssueCodes.DuplicateOption });
            seen.add(keyword);
            if (ast.isVia(option) && option.gateway !== undefined) {
                const parsed = parseIpv4(option.gateway);
                if (typeof parsed !== 'number') accept('error', parsed.error, { node: option, property: 'gateway', code: IssueCodes.InvalidAddress });
            } else if (ast.isMetric(option) && option.value > MAX_METRIC) {
                accept('error', `metric ${GrammarUtils.findNodeForProperty(option.$cstNode, 'value')?.text ?? option.value} is larger than ${MAX_METRIC}`, {
                    node: option,
                    property: 'value',
                    code: IssueCodes.InvalidMetric
                });
            }
        }
        if (!route.type && !seen.has('via') && !seen.has('dev')) {
            accept('error', 'a route needs `via GATEWAY` or `dev IFNAME` (or a type: blackhole, unreachable, prohibit)', {
                node: route,
                code: IssueCodes.RouteNeedsNextHop
            });
        }
    }

    /** The address of a `hosts`, `dns` or `nameserver` line. (Two hosts lines for a name are legal: glibc takes the first, measured.) */
    checkNameAddress(line: ast.Hosts | ast.Dns | ast.Nameserver, accept: ValidationAcceptor): void {
        if (line.address === undefined) return;
        const parsed = parseIpv4(line.address);
        if (typeof parsed !== 'number') accept('error', parsed.error, { node: line, property: 'address', code: IssueCodes.InvalidAddress });
    }

    checkPingTarget(ping: ast.Ping, accept: ValidationAcceptor): void {
        const target = ping.target;
        if (target?.address !== undefined) {
            const parsed = parseIpv4(target.address);
            if (typeof parsed !== 'number') accept('error', parsed.error, { node: target, property: 'address', code: IssueCodes.InvalidAddress });
            return;
        }
        const ref: AstNode | undefined = target?.node?.ref;
        const named = ref && this.index.objectOf(AstUtils.findRootNode(ping) as ast.Topology, ref);
        const interfaces = ast.isNode(ref)
            ? (named as NodeModel | undefined)?.interfaces
            : ast.isInterface(ref) && named
              ? [named as InterfaceModel]
              : undefined;
        if (interfaces && pingTargetAddress(interfaces) === undefined) {
            accept('error', `${target.node!.$refText} has no address to ping`, { node: target, code: IssueCodes.PingTargetNoAddress });
        }
    }

    /** `count N` is ping's `-c N`, which the simulation takes from 1 to MAX_PING_COUNT. */
    checkPingCount(ping: ast.Ping, accept: ValidationAcceptor): void {
        if (ping.count === undefined || validPingCount(ping.count)) return;
        accept('error', `count ${ping.count}: a ping here sends 1 to ${MAX_PING_COUNT} packets (the simulation follows each one)`, {
            node: ping,
            property: 'count',
            code: IssueCodes.PingCountOutOfRange
        });
    }

    /** `from ADDR` must parse; `from IF` must name an interface of the pinger (else ping exits: SO_BINDTODEVICE fails). */
    checkPingFrom(from: ast.PingFrom, accept: ValidationAcceptor): void {
        if (from.address !== undefined) {
            const parsed = parseIpv4(from.address);
            if (typeof parsed !== 'number') accept('error', parsed.error, { node: from, property: 'address', code: IssueCodes.InvalidAddress });
            return;
        }
        const pinger = from.$container.source?.ref;
        const members = pinger && coreMembers(pinger, this.models.get(pinger.$container).expansion);
        if (pinger && from.device !== undefined && !members?.some(({ member }) => ast.isInterface(member) && member.name === from.device)) {
            accept('error', `${pinger.name} has no interface '${from.device}' to ping from`, {
                node: from,
                property: 'device',
                code: IssueCodes.PingFromNoInterface
            });
        }
    }
}
