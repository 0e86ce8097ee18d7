/** A ping the analysis simulated: the node it was run on and the address it was sent to. */
export interface SimulatedPing {
    readonly source: string;
    readonly destination: number;
}

/** What is kept for one node: every `stride`-th ping that replied through it, in the order they were simulated. */
interface Kept {
    seen: number;
    stride: number;
    pings: SimulatedPing[];
}

/**
 * The pings of the analysis that got a reply, by the nodes they went through: what a fix of a
 * node is checked not to break. Keeping every such ping with its path would cost the sum of all
 * path lengths (quadratic on a ring); instead each node keeps a systematic sample of at most
 * `2 * limit` (every ping while there are fewer, then every 2nd, 4th, ... in simulation order).
 */
export class WorkingPings {
    private readonly byNode = new Map<string, Kept>();

    constructor(private readonly limit: number) {}

    /** Records a ping that got a reply and the nodes it went through. */
    add(ping: SimulatedPing, path: readonly string[]): void {
        for (const node of new Set(path)) {
            let kept = this.byNode.get(node);
            if (!kept) this.byNode.set(node, (kept = { seen: 0, stride: 1, pings: [] }));
            if (kept.seen++ % kept.stride !== 0) continue;
            kept.pings.push(ping);
            if (kept.pings.length > 2 * this.limit) {
                kept.pings = kept.pings.filter((_, index) => index % 2 === 0);
                kept.stride *= 2;
            }
        }
    }

    /**
     * At most `limit` of the pings through `node`, spread evenly over those kept: all of them, in
     * simulation order, while there are no more than `limit`.
     */
    through(node: string): SimulatedPing[] {
        const pings = this.byNode.get(node)?.pings ?? [];
        const step = Math.max(1, Math.ceil(pings.length / this.limit));
        return pings.filter((_, index) => index % step === 0);
    }
}
