import { formatIpv4 } from '../address/ipv4.js';
import { pingedName, type AnyPingResult } from './name-ping.js';
import { formatPingFrom } from './ping-target.js';

/**
 * The whole output of `ping -c 1 [-I FROM] TARGET`, as iputils' ping prints it on a terminal (ping/ping.c,
 * ping/ping_common.c `finish()`): the `PING` header, the packet lines, a blank line, the statistics
 * block, and the blank line ping ends with when nothing was received. A connect error prints only
 * its own line, as ping exits before the header.
 *
 * The engine predicts what the kernel decides, not how long it takes, so every measured time is
 * left out: packet lines carry no ` time=...` (as the spec's output format), and the `rtt` line
 * says once that times are not simulated. `time 0ms` in the statistics is what `-c 1` prints
 * anyway: iputils counts from the first to the last packet *sent*.
 */
export function pingTranscript(result: AnyPingResult): string[] {
    // A name that does not resolve, like a connect error, ends ping before its header.
    if (result.failure?.stage === 'connect' || result.target === undefined) return [...result.lines];
    const target = pingedName(result);
    const received = result.reply ? 1 : 0;
    // An ICMP error that came back about the request (a redirect is not one).
    const errors = result.failure?.stage === 'request' && result.failure.error ? ', +1 errors' : '';
    return [
        `PING ${target} (${formatIpv4(result.target)}) ${boundWords(result)}56(84) bytes of data.`,
        ...result.lines,
        '',
        `--- ${target} ping statistics ---`,
        `1 packets transmitted, ${received} received${errors}, ${100 - 100 * received}% packet loss, time 0ms`,
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
    const option = from ? `-I ${formatPingFrom(from)} ` : '';
    return `ping -c 1 ${option}${pingedName(result)}`;
}
