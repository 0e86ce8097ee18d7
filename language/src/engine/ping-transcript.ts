import { formatIpv4 } from '../address/ipv4.js';
import { pingedName, type AnyPingResult } from './name-ping.js';
import { formatPingFrom } from './ping-target.js';
import { BROADCAST_WARNING } from './ping.js';

/**
 * The whole output of `ping -c N [-b] [-I FROM] TARGET`, as iputils' ping prints it on a terminal (ping/ping.c,
 * ping/ping_common.c `finish()`): `-b`'s warning, the `PING` header, the packet lines, a blank line, the
 * statistics block, and the blank line ping ends with when nothing was received. A connect error prints
 * only its own line, as ping exits before the header.
 *
 * The engine predicts what the kernel decides, not how long it takes, so every measured time is
 * left out: packet lines carry no ` time=...` (as the spec's output format), and the `rtt` line
 * says once that times are not simulated. The statistics' `time` counts from the first packet sent
 * to the last, a second apart (`time 0ms` for `-c 1`, exactly what ping prints), without the few
 * milliseconds each send takes.
 */
export function pingTranscript(result: AnyPingResult): string[] {
    // A name that does not resolve, like a connect error, ends ping before its header.
    if (result.failure?.stage === 'connect' || result.target === undefined) return [...result.lines];
    const target = pingedName(result);
    const { transmitted, received, duplicates, errors } = result.statistics;
    const warned = result.lines[0] === BROADCAST_WARNING;
    const loss = Number(((100 * (transmitted - received)) / transmitted).toPrecision(6));
    return [
        ...(warned ? [BROADCAST_WARNING] : []),
        `PING ${target} (${formatIpv4(result.target)}) ${boundWords(result)}56(84) bytes of data.`,
        ...result.lines.slice(warned ? 1 : 0),
        '',
        `--- ${target} ping statistics ---`,
        `${transmitted} packets transmitted, ${received} received${duplicates ? `, +${duplicates} duplicates` : ''}${errors ? `, +${errors} errors` : ''}, ${loss}% packet loss, time ${(transmitted - 1) * 1000}ms`,
        result.reply ? RTT_NOT_SIMULATED : ''
    ];
}

/** Where ping prints its round-trip times. */
export const RTT_NOT_SIMULATED = 'rtt min/avg/max/mdev = (not simulated: nettopo predicts what the kernel does, not how long it takes)';

/** `from SRC IF: ` in the header of `ping -I` (measured: `from SRC : ` for an address, without a device). */
function boundWords(result: AnyPingResult): string {
    if (result.bound?.address === undefined) return '';
    return `from ${formatIpv4(result.bound.address)} ${result.bound.from.device ?? ''}: `;
}

/** The command a user would type for this ping (`from` as written: `-I ADDR` or `-I IF`). */
export function pingCommand(result: AnyPingResult): string {
    const from = result.bound?.from;
    const options = [`-c ${result.count}`, ...(result.broadcast ? ['-b'] : []), ...(from ? [`-I ${formatPingFrom(from)}`] : [])];
    return `ping ${options.join(' ')} ${pingedName(result)}`;
}
