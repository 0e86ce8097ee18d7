import { describeFailure } from '../engine/explain.js';
import type { PingResult } from '../engine/ping.js';

/** One line for a ping's outcome: `✓ reply, ttl=63`, or `✗ no reply: ` and why. */
export function pingVerdict(result: PingResult): string {
    if (result.reply) return `✓ reply, ${/ttl=\d+/.exec(result.lines[result.lines.length - 1])?.[0] ?? 'local'}`;
    return `✗ no reply: ${describeFailure(result.failure!, result)}`;
}
