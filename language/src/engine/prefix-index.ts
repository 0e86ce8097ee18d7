import type { Ipv4 } from '../address/ipv4.js';

/** One number for a prefix that sorts as the index needs: by address, then shorter (containing) first. */
export function prefixKey(destination: Ipv4, length: number): number {
    return destination * 64 + length;
}

/**
 * The longest-prefix index of a complete route table: the address space cut into intervals, each
 * owned by the longest prefix holding all of it, and a direct table of blocks of addresses (about
 * as many as intervals), each naming its owner if it lies inside one interval, else the interval
 * it starts in. Chosen over a multibit trie, which was tried first: over a million random
 * prefixes its nodes took 64–128 MiB and four or five dependent reads, nearly all cache misses
 * (about 5 M lookups/s, against 10–16 M for this index measured alike); here a lookup reads one
 * block and, for a block of several intervals, the few side by side that hold the address
 * (scripts/bench-routes.ts measures it). The price is that it is built once from all the
 * prefixes, which is why RouteTable builds it when the table is complete.
 */
export interface PrefixIndex {
    /** Interval i starts at `intervals[2i]`; `intervals[2i + 1]` is its owner's id + 1, 0 for none. */
    readonly intervals: Uint32Array;
    /** The address bits that number a block: about one block per interval, /22s at most. */
    readonly blockBits: number;
    /**
     * `blocks[b]`: for a block inside one interval, {@link WHOLE} plus that interval's owner id + 1
     * (the lookup reads nothing else); for the others, the interval holding the block's first address.
     */
    readonly blocks: Uint32Array;
    /** Each prefix's parent: the longest prefix holding it, or -1. */
    readonly parents: Int32Array;
}

/** Blocks are /22s at most (16 MiB of them); a full table's are /21s, two in three inside one interval. */
const MAX_BLOCK_BITS = 22;
/** The flag of a block inside one interval (interval numbers stay below it). */
const WHOLE = 0x80000000;

/** The id of the longest prefix holding `address`, or -1. */
export function deepestPrefix(index: PrefixIndex, address: Ipv4): number {
    const { intervals, blocks } = index;
    const block = blocks[address >>> (32 - index.blockBits)];
    if (block >= WHOLE) return block - WHOLE - 1;
    // The block's intervals lie side by side from `block` on: gallop to one starting after the
    // address (or the end), then search between.
    const last = intervals.length / 2 - 1;
    let low = block;
    let step = 1;
    while (low + step <= last && intervals[2 * (low + step)] <= address) {
        low += step;
        step *= 2;
    }
    let high = Math.min(low + step - 1, last);
    while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (intervals[2 * middle] <= address) low = middle;
        else high = middle - 1;
    }
    return intervals[2 * low + 1] - 1;
}

/**
 * Builds the index of the prefixes `ids` holds (prefix key → id, ids 0 to size - 1): a sweep over
 * them in key order with the stack of prefixes still open, as nested prefixes come in that order.
 */
export function buildPrefixIndex(ids: ReadonlyMap<number, number>): PrefixIndex {
    const keys = Float64Array.from(ids.keys()).sort();
    const parents = new Int32Array(ids.size);
    const starts: number[] = [];
    const owners: number[] = [];
    const emit = (start: number, owner: number) => {
        if (owners.length > 0 && owners[owners.length - 1] === owner) return;
        starts.push(start);
        owners.push(owner);
    };
    // The open prefixes, outermost first (at most 33 nest): their ids and last addresses.
    const openIds = new Int32Array(33);
    const openEnds = new Float64Array(33);
    let depth = 0;
    let cursor = 0;
    const close = (before: number) => {
        while (depth > 0 && openEnds[depth - 1] < before) {
            depth--;
            if (cursor <= openEnds[depth]) emit(cursor, openIds[depth]);
            cursor = Math.max(cursor, openEnds[depth] + 1);
        }
    };
    for (const key of keys) {
        const length = key % 64;
        const start = (key - length) / 64;
        close(start);
        const enclosing = depth > 0 ? openIds[depth - 1] : -1;
        if (cursor < start) emit(cursor, enclosing);
        cursor = start;
        const id = ids.get(key)!;
        parents[id] = enclosing;
        openIds[depth] = id;
        openEnds[depth++] = start + 2 ** (32 - length) - 1;
    }
    close(2 ** 32);
    if (cursor < 2 ** 32) emit(cursor, -1);
    const intervals = new Uint32Array(2 * starts.length);
    for (let index = 0; index < starts.length; index++) {
        intervals[2 * index] = starts[index];
        intervals[2 * index + 1] = owners[index] + 1;
    }
    const blockBits = Math.min(MAX_BLOCK_BITS, Math.max(1, Math.ceil(Math.log2(starts.length))));
    const blocks = new Uint32Array(1 << blockBits);
    let interval = 0;
    for (let block = 0; block < 1 << blockBits; block++) {
        const first = block * 2 ** (32 - blockBits);
        while (interval + 1 < starts.length && starts[interval + 1] <= first) interval++;
        const whole = interval + 1 === starts.length || starts[interval + 1] >= first + 2 ** (32 - blockBits);
        blocks[block] = whole ? WHOLE + owners[interval] + 1 : interval;
    }
    return { intervals, blockBits, blocks, parents };
}
