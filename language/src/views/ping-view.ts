import type { AstNode } from 'langium';
import { formatIpv4 } from '../address/ipv4.js';
import { describeDecision, describeSteps, describeStop, describeTranslation, PACKET_NAMES, stepStop } from '../engine/explain.js';
import { describeLookup, describePingFailure, outcomeVerdict } from '../engine/name-explain.js';
import { isNamePing, pinged, simulatePingTo, type AnyPingResult } from '../engine/name-ping.js';
import { segmentBridge, segmentSwitch, type Network } from '../engine/network.js';
import type { Stop, TraceStep } from '../engine/packet.js';
import type { PingResult } from '../engine/ping.js';
import { pingCommand, pingTranscript } from '../engine/ping-transcript.js';
import { formatIpRoute } from '../engine/route-format.js';
import type { NetfilterStepView, PingLineOptions, PingView, StepView } from '../lsp/net-protocol.js';
import { formatPingFrom, resolvePingFrom, resolvePingTarget } from '../engine/ping-target.js';
import { MAX_PING_COUNT, validPingCount, type PingModel } from '../model/topology.js';
import { decisionCause, translationCause, type NetfilterCause } from './container-view.js';
import { rangeOf } from './view-ranges.js';

/**
 * Simulated pings as the editor shows them (`nettopo/ping`, code lenses, hovers, the simulator):
 * the engine's result with its transcript, verdict, and every step in plain words, tied back to
 * the document through the model's origins. Above `engine/` and `model/`, below `lsp/`.
 */

/** What a view needs of a document: its compiled network and where each model object is written. */
export interface ViewModel {
    readonly network: Network;
    readonly origins: ReadonlyMap<object, AstNode>;
}

/** `ping -c N [-b] [-I FROM] TARGET` on `source` in the document's current state, ready to print and to animate. */
export function buildPingView(model: ViewModel, source: string, targetText: string, options: PingLineOptions = {}): PingView | { error: string } {
    if (!model.network.nodes.has(source)) return { error: `no host or router is named '${source}'` };
    const target = resolvePingTarget(model.network, targetText);
    if ('error' in target) return target;
    const from = options.from === undefined ? undefined : resolvePingFrom(options.from);
    if (from && 'error' in from) return { error: `from ${options.from}: ${from.error}` };
    if (options.count !== undefined && !validPingCount(options.count)) return { error: `count ${options.count}: a ping sends 1 to ${MAX_PING_COUNT} packets` };
    const to = { ...target, from, count: options.count, ...(options.broadcast && { broadcast: true as const }) };
    return pingView(model, simulatePingTo(model.network, source, to), targetText);
}

/** A ping line's options as `nettopo/ping` takes them back (what `▶ Run ping` sends). */
export function pingLineOptions(ping: PingModel): PingLineOptions {
    return {
        ...(ping.from && { from: formatPingFrom(ping.from) }),
        ...(ping.count !== undefined && { count: ping.count }),
        ...(ping.broadcast && { broadcast: true })
    };
}

/** The view of a ping already simulated. */
export function pingView(model: ViewModel, result: AnyPingResult, targetText = isNamePing(result) ? result.name : formatIpv4(result.target)): PingView {
    const texts = describeSteps(result.trace, model.network);
    const finalStop = pinged(result) ? unrecordedStop(result) : undefined;
    const steps = result.trace.map((step, index) => stepView(model, step, texts[index], index === finalStop?.index ? finalStop.stop : stepStop(step)));
    return {
        source: result.source,
        targetText,
        ...(result.target !== undefined && { target: formatIpv4(result.target) }),
        ...(isNamePing(result) && { name: result.name, resolution: describeLookup(result.lookup, result.source, result.name) }),
        reply: result.reply,
        command: pingCommand(result),
        transcript: pingTranscript(result),
        lines: result.lines,
        path: result.path,
        verdict: outcomeVerdict(result),
        ...(result.failure && { explanation: describePingFailure(result) }),
        steps
    };
}

function stepView(model: ViewModel, step: TraceStep, text: string, stop: Stop | undefined): StepView {
    const routeRange = step.route?.spec && rangeOf(model.origins.get(step.route.spec));
    const answered = step.arp && step.arp !== 'failed' ? step.arp : undefined;
    const node = model.network.nodes.get(step.node);
    const through = node && step.outDevice !== undefined ? segmentSwitch(node, step.outDevice) : undefined;
    const bridge = node && step.outDevice !== undefined ? segmentBridge(node, step.outDevice) : undefined;
    const netfilter = netfilterViews(model, step);
    return {
        packet: step.packet,
        packetName: PACKET_NAMES[step.packet],
        node: step.node,
        action: step.action,
        src: formatIpv4(step.src),
        dst: formatIpv4(step.dst),
        ttl: step.ttl,
        ...(step.inDevice !== undefined && { inDevice: step.inDevice }),
        ...(step.outDevice !== undefined && { outDevice: step.outDevice }),
        ...(step.nextHop !== undefined && { nextHop: formatIpv4(step.nextHop) }),
        ...(step.route && { route: formatIpRoute(step.route).trim() }),
        ...(routeRange && { routeRange }),
        ...(step.arp && { arp: answered ? `${answered.node}.${answered.device}` : 'failed' }),
        ...(answered && {
            hop: {
                fromDevice: step.outDevice!,
                toNode: answered.node,
                toDevice: answered.device,
                ...(through !== undefined && { switch: through }),
                ...(bridge !== undefined && { bridge })
            }
        }),
        text,
        ...(stop && { stop: describeStop(stop) }),
        ...(netfilter.length && { netfilter })
    };
}

/**
 * Netfilter's work at a step, in the order the kernel does it (conntrack's reversal on arrival, the
 * filter chain, MASQUERADE on departure), each with the line that decided it.
 */
function netfilterViews(model: ViewModel, step: TraceStep): NetfilterStepView[] {
    const translations = step.translations ?? [];
    const entry = (kind: NetfilterStepView['kind'], text: string, cause: NetfilterCause): NetfilterStepView => {
        const range = cause.rule && rangeOf(model.origins.get(cause.rule));
        return { kind, text, rule: cause.line, ...(range && { range }) };
    };
    const translated = (kind: 'reverse' | 'masquerade') =>
        translations
            .filter((translation) => translation.kind === kind)
            .map((translation) => entry('translation', describeTranslation(translation), translationCause(translation)));
    const filter = step.filter;
    return [
        ...translated('reverse'),
        ...(filter ? [entry('verdict', describeDecision(filter), decisionCause(filter, model.network.nodes.get(filter.node)?.model))] : []),
        ...translated('masquerade')
    ];
}

/**
 * Some stops happen after a packet's last recorded step: the target ignores the echo request it
 * received, or a reply is delivered to another holder of the pinger's address. They belong on that
 * packet's last step.
 */
function unrecordedStop(result: PingResult): { index: number; stop: Stop } | undefined {
    const failure = result.failure;
    if (!failure || failure.stage === 'connect') return undefined;
    const recorded = failure.stop.kind === 'arp-failed' || result.trace.some((step) => step.stop === failure.stop);
    if (recorded) return undefined;
    const packet = failure.stage === 'request' ? 'echo-request' : failure.stage === 'reply' ? 'echo-reply' : 'icmp-error';
    for (let index = result.trace.length - 1; index >= 0; index--) {
        if (result.trace[index].packet === packet) return { index, stop: failure.stop };
    }
    return undefined;
}
