import type { Ipv4 } from '../model/topology.js';

/** A nexthop exception a redirect left on a node: packets for `destination` that would go to `via` go to `gateway`. */
interface RedirectedRoute {
    readonly via: Ipv4;
    readonly gateway: Ipv4;
}

/** A router's redirects to one source so far (the kernel's inet_peer rate_tokens and rate_last). */
interface RedirectsSent {
    count: number;
    last: number;
}

/** The kernel's ip_rt_redirect_load (20 ms) and ip_rt_redirect_number (9). */
const REDIRECT_LOAD_SECONDS = 0.02;
const REDIRECT_NUMBER = 9;
/** How long a neighbour nobody answers takes to fail: 3 probes a second apart (mcast_solicit, retrans_time). */
export const ARP_TIMEOUT_SECONDS = 3;

/**
 * What the kernels of a lab remember between the packets of one `ping -c N` (measured,
 * test/fixtures/kernel-cases/ping-count.net): the neighbours each node has resolved, the nexthop
 * exceptions redirects left, each router's redirect rate limit, and the ARP resolutions that are
 * failing. `now` is the time of the packet being simulated, in seconds from the first; ping sends
 * one packet a second. A fresh memory is a network just built.
 */
export class KernelMemory {
    now = 0;
    private readonly neighbours = new Set<string>();
    private readonly redirected = new Map<string, RedirectedRoute>();
    private readonly redirectsSent = new Map<string, RedirectsSent>();
    private readonly failing = new Map<string, number>();

    /** `node` has a valid neighbour entry for `address` on `device` (it resolved it, or was asked for its own address by it). */
    learn(node: string, device: string, address: Ipv4): void {
        this.neighbours.add(`${node}|${device}|${address}`);
    }

    knows(node: string, device: string, address: Ipv4): boolean {
        return this.neighbours.has(`${node}|${device}|${address}`);
    }

    /** Obeys a redirect: from now on `node` sends packets for `destination` that would go to `via` to `gateway`. */
    redirect(node: string, destination: Ipv4, via: Ipv4, gateway: Ipv4): void {
        this.redirected.set(`${node}|${destination}`, { via, gateway });
    }

    /** The next hop a redirect put in place of `via` for `destination`, if one did. */
    redirectedNextHop(node: string, destination: Ipv4, via: Ipv4): Ipv4 | undefined {
        const found = this.redirected.get(`${node}|${destination}`);
        return found?.via === via ? found.gateway : undefined;
    }

    /**
     * Whether `router` may send `source` a redirect now, counting it if so (the kernel's
     * ip_rt_send_redirect): the first at once, each later one only when 20 ms × 2^(redirects sent)
     * have passed since the last, and none after 9. So a router redirects a source once per packet
     * for the first six packets of a ping, then for the 8th only.
     */
    mayRedirect(router: string, source: Ipv4): boolean {
        const key = `${router}|${source}`;
        const sent = this.redirectsSent.get(key);
        if (!sent) {
            this.redirectsSent.set(key, { count: 1, last: this.now });
            return true;
        }
        if (sent.count >= REDIRECT_NUMBER || this.now - sent.last <= REDIRECT_LOAD_SECONDS * 2 ** sent.count) return false;
        sent.count++;
        sent.last = this.now;
        return true;
    }

    /**
     * When the ARP resolution of `address` by `node` on `device` that a packet now waits for fails:
     * every packet queued while one is under way fails with it; a packet sent after it failed starts another.
     */
    arpFailure(node: string, device: string, address: Ipv4): number {
        const key = `${node}|${device}|${address}`;
        const pending = this.failing.get(key);
        if (pending !== undefined && pending > this.now) return pending;
        const at = this.now + ARP_TIMEOUT_SECONDS;
        this.failing.set(key, at);
        return at;
    }
}
