/**
 * The step list beside the picture, like a packet tracer's event list: one entry per decision of
 * the kernel (from the language server's PingView), and at the end what `ping -c 1` prints.
 * Pure data, no DOM.
 */
import type { NetfilterStepView, PacketKindView, PingView, StepView, TextRange } from '../../language/src/lsp/net-protocol.js';

export interface StepItem {
    readonly index: number;
    readonly packet: PacketKindView;
    readonly node: string;
    /** `alice sends the echo request`. */
    readonly title: string;
    /** `192.168.10.21 → 192.168.20.30, ttl 64`. */
    readonly packetLine: string;
    /** What the kernel decided and why (the language server's words). */
    readonly text: string;
    /** Where the packet stops, and why; only on the step where it does. */
    readonly stop?: string;
    readonly routeRange?: TextRange;
    /** Each translation and filter verdict at the step, with its rule as iptables lists it, linked to its line. */
    readonly netfilter: readonly NetfilterStepView[];
}

export interface ListEnd {
    /** The command, then exactly what `ping -c 1` prints. */
    readonly command: string;
    readonly transcript: readonly string[];
    /** Said when ping prints no line for the packet. */
    readonly note?: string;
    readonly verdict: string;
    readonly explanation?: string;
}

const VERBS: Record<StepView['action'], string> = {
    send: 'sends',
    forward: 'forwards',
    deliver: 'receives',
    drop: 'drops',
    error: 'drops'
};

/** The list's entries, one per step, in order. */
export function stepItems(view: PingView): StepItem[] {
    return view.steps.map((step, index) => ({
        index,
        packet: step.packet,
        node: step.node,
        title: `${step.node} ${VERBS[step.action]} the ${step.packetName}`,
        packetLine: `${step.src} → ${step.dst}, ttl ${step.ttl}`,
        text: step.text,
        ...(step.stop !== undefined && { stop: step.stop }),
        ...(step.routeRange && { routeRange: step.routeRange }),
        netfilter: step.netfilter ?? []
    }));
}

/** How the list ends: ping's own lines, and a word when it prints none for the packet. */
export function listEnd(view: PingView): ListEnd {
    return {
        command: view.command,
        transcript: view.transcript,
        ...(view.lines.length === 0 && { note: 'ping prints nothing for the packet: no reply and no error line, only its statistics' }),
        verdict: view.verdict,
        ...(view.explanation !== undefined && { explanation: view.explanation })
    };
}
