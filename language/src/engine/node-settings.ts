import type { NodeModel, SysctlAssignment } from '../model/topology.js';

/** The sysctls the engine models, with the values of a fresh network namespace. */
export interface NodeSettings {
    /** Whether packets arriving on an interface are forwarded (`net.ipv4.conf.IF.forwarding`). */
    forwards(device: string): boolean;
    /** `net.ipv4.ip_forward`: every interface's forwarding, unless one was set on its own since. */
    readonly ipForward: boolean;
    readonly icmpEchoIgnoreAll: boolean;
    /** `net.ipv4.icmp_echo_ignore_broadcasts` (default 1): echo requests to a broadcast address go unanswered. */
    readonly icmpEchoIgnoreBroadcasts: boolean;
    /** `net.bridge.bridge-nf-call-iptables` (default 1): traffic bridged between two ports crosses FORWARD. */
    readonly bridgeNfCallIptables: boolean;
    /** Effective `rp_filter` of an interface: the larger of `all` and the interface's own. */
    rpFilter(device: string): 0 | 1 | 2;
    /** Whether an interface sends redirects: `all` or the interface's own value is 1. */
    sendRedirects(device: string): boolean;
    /**
     * Whether ICMP redirects arriving on an interface are obeyed (`accept_redirects`, default 1):
     * on an interface that forwards, `all` and its own value must both be 1, else either will do
     * (the kernel's IN_DEV_RX_REDIRECTS; measured, test/fixtures/kernel-cases/ping-count.net).
     */
    acceptRedirects(device: string): boolean;
}

/** How a sysctl key is understood: which setting, for which interface, and the values it takes. */
export type SysctlKeyInfo =
    | {
          readonly kind: 'global';
          readonly name: 'ip_forward' | 'icmp_echo_ignore_all' | 'icmp_echo_ignore_broadcasts' | 'bridge-nf-call-iptables';
          readonly max: number;
      }
    | { readonly kind: 'conf'; readonly name: ConfName; readonly device: string; readonly max: number }
    | { readonly kind: 'unmodelled' };

type ConfName = 'rp_filter' | 'send_redirects' | 'accept_redirects' | 'forwarding';

const CONF_KEY = /^net\.ipv4\.conf\.([^.]+)\.([a-z_]+)$/;
const CONF_MAX: Record<ConfName, number> = { rp_filter: 2, send_redirects: 1, accept_redirects: 1, forwarding: 1 };

/**
 * Classifies a sysctl key. `net.ipv4.conf.all.forwarding` is the same switch as `ip_forward`;
 * `default` keys only affect interfaces created later, so they are not modelled.
 */
export function classifySysctl(key: string): SysctlKeyInfo {
    if (key === 'net.ipv4.ip_forward') return { kind: 'global', name: 'ip_forward', max: 1 };
    if (key === 'net.ipv4.icmp_echo_ignore_all') return { kind: 'global', name: 'icmp_echo_ignore_all', max: 1 };
    if (key === 'net.ipv4.icmp_echo_ignore_broadcasts') return { kind: 'global', name: 'icmp_echo_ignore_broadcasts', max: 1 };
    if (key === 'net.bridge.bridge-nf-call-iptables') return { kind: 'global', name: 'bridge-nf-call-iptables', max: 1 };
    const conf = CONF_KEY.exec(key);
    if (conf && conf[1] !== 'default' && conf[2] in CONF_MAX) {
        const name = conf[2] as ConfName;
        return { kind: 'conf', name, device: conf[1], max: CONF_MAX[name] };
    }
    return { kind: 'unmodelled' };
}

/**
 * The settings of a fresh network namespace, of a router (ip_forward on) and of any other node:
 * shared by every node without a sysctl line (they are immutable; at 10,000 hosts, settings of
 * their own took 8 MiB).
 */
const FRESH = { router: configuredSettings(true, []), other: configuredSettings(false, []) };

/** The settings a node ends up with after its sysctl lines, applied in order. */
export function nodeSettings(node: NodeModel): NodeSettings {
    const router = node.kind === 'router';
    if (node.sysctls.length === 0) return router ? FRESH.router : FRESH.other;
    return configuredSettings(router, node.sysctls);
}

function configuredSettings(router: boolean, sysctls: readonly SysctlAssignment[]): NodeSettings {
    // ip_forward (and conf.all.forwarding) sets every interface's forwarding; conf.IF.forwarding one interface's.
    let ipForward = router;
    const forwarding = new Map<string, boolean>();
    let icmpEchoIgnoreAll = false;
    let icmpEchoIgnoreBroadcasts = true;
    let bridgeNfCallIptables = true;
    const rpFilter = new Map<string, number>([['all', 0]]);
    const sendRedirects = new Map<string, number>([['all', 1]]);
    // Turning forwarding on or off for all interfaces sets all.accept_redirects to the opposite
    // (the kernel's inet_forward_change): a router starts with it at 0 (measured).
    const acceptRedirects = new Map<string, number>([['all', ipForward ? 0 : 1]]);
    const perInterface: Record<'rp_filter' | 'send_redirects' | 'accept_redirects', Map<string, number>> = {
        rp_filter: rpFilter,
        send_redirects: sendRedirects,
        accept_redirects: acceptRedirects
    };
    for (const { key, value } of sysctls) {
        const info = classifySysctl(key);
        if (info.kind === 'unmodelled' || value > info.max || value < 0) continue;
        if (info.kind === 'global' && info.name === 'icmp_echo_ignore_all') icmpEchoIgnoreAll = value === 1;
        else if (info.kind === 'global' && info.name === 'icmp_echo_ignore_broadcasts') icmpEchoIgnoreBroadcasts = value === 1;
        else if (info.kind === 'global' && info.name === 'bridge-nf-call-iptables') bridgeNfCallIptables = value === 1;
        else if (info.kind === 'global' || (info.name === 'forwarding' && info.device === 'all')) {
            // Only a change counts: writing the value it already has leaves accept_redirects alone.
            if (ipForward !== (value === 1)) acceptRedirects.set('all', value === 1 ? 0 : 1);
            ipForward = value === 1;
            forwarding.clear();
        } else if (info.name === 'forwarding') forwarding.set(info.device, value === 1);
        else perInterface[info.name].set(info.device, value);
    }
    const forwards = (device: string) => forwarding.get(device) ?? ipForward;
    return {
        forwards,
        ipForward,
        icmpEchoIgnoreAll,
        icmpEchoIgnoreBroadcasts,
        bridgeNfCallIptables,
        rpFilter: (device) => Math.max(rpFilter.get('all')!, rpFilter.get(device) ?? 0) as 0 | 1 | 2,
        sendRedirects: (device) => sendRedirects.get('all') === 1 || (sendRedirects.get(device) ?? 1) === 1,
        acceptRedirects: (device) => {
            const all = acceptRedirects.get('all') === 1;
            const own = (acceptRedirects.get(device) ?? 1) === 1;
            return forwards(device) ? all && own : all || own;
        }
    };
}

/** Whether a node forwards what arrives on all, some or none of its interfaces. */
export type ForwardingState = 'all' | 'some' | 'none';

/** A node's {@link ForwardingState}; a node without interfaces forwards as its `ip_forward` says. */
export function forwardingState(node: NodeModel, settings: NodeSettings): ForwardingState {
    if (node.interfaces.length === 0) return settings.ipForward ? 'all' : 'none';
    const forwarding = node.interfaces.filter((iface) => settings.forwards(iface.name)).length;
    return forwarding === node.interfaces.length ? 'all' : forwarding === 0 ? 'none' : 'some';
}
