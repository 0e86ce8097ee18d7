import type { Ipv4, MasqueradeRule } from '../model/topology.js';
import type { Tracked } from './conntrack.js';
import { ruleMatches, type Firewall } from './filter.js';
import type { Packet } from './packet.js';

/**
 * The nat table's POSTROUTING chain: it sees only the first packet of a connection (conntrack
 * `new`), and the first MASQUERADE rule that matches it, given the interface it leaves by, decides.
 */
export function masqueradeRule(firewall: Firewall, tracked: Tracked, packet: Packet, outDevice: string): MasqueradeRule | undefined {
    if (tracked.state !== 'new' || !firewall.nat.length) return undefined;
    return firewall.nat.find((rule) => ruleMatches(rule, { src: packet.src, dst: packet.dst, out: outDevice, state: 'new' }));
}

/** Records MASQUERADE on the connection: its replies now come back to `address`. */
export function masquerade(tracked: Tracked, rule: MasqueradeRule, address: Ipv4): void {
    const connection = tracked.connection!;
    connection.masquerade = { rule, address };
    connection.reply = { src: connection.reply.src, dst: address };
}
