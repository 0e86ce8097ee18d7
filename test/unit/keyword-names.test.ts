import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, test } from 'vitest';
import { NetGrammar } from '../../language/src/generated/grammar.js';
import { load, reported } from './net-helpers.js';

/**
 * Every keyword of the language is usable as a name: a node, a switch, an interface, a `NODE.IF`
 * peer, a `dev`, a sysctl key's interface, a rule's device and a ping's source and target. A lab
 * whose names are all keywords parses, links and behaves as the same lab with plain names.
 */

const keywords = AstUtils.streamAllContents(NetGrammar())
    .filter(GrammarAST.isKeyword)
    .map((keyword) => keyword.value)
    .filter((word) => /^[a-z]+$/.test(word))
    .distinct()
    .toArray();

interface Names {
    readonly lan: string;
    readonly node: (index: number) => string;
    readonly iface: (index: number) => string;
}

/** A LAN of hosts and routers, each also cabled to the next; routes, sysctls, rules and pings name them all. */
function lab(names: Names, count: number): string {
    const lines = [`switch ${names.lan} 10.0.0.0/16`];
    const next = (index: number) => (index + 1) % count;
    for (let index = 0; index < count; index++) {
        const previous = (index + count - 1) % count;
        const [lan, cable, back] = [names.iface(3 * index), names.iface(3 * index + 1), names.iface(3 * next(index) + 2)];
        lines.push(
            `${index % 2 ? 'router' : 'host'} ${names.node(index)} {`,
            `  ${lan} 10.0.${index}.1/16 -- ${names.lan}`,
            `  ${cable} 10.1.${index}.1/30 -- ${names.node(next(index))}.${back}`,
            // Both ends of the cable name each other: `route 10.1.0.2/30` alone would be a route.
            `  ${names.iface(3 * index + 2)} 10.1.${previous}.2/30 -- ${names.node(previous)}.${names.iface(3 * previous + 1)}`,
            `  route 10.2.${index}.0/24 via 10.1.${index}.2 dev ${cable}`,
            `  sysctl net.ipv4.conf.${lan}.rp_filter = 1`,
            `  filter input accept in ${lan}`,
            '}'
        );
    }
    for (let index = 0; index < count; index++) {
        lines.push(`ping ${names.node(index)} -> ${names.node(next(index))}.${names.iface(3 * next(index))}`);
        lines.push(`ping ${names.node(index)} -> ${names.node(next(index))}`);
        lines.push(`ping ${names.node(index)} -> 10.1.${index}.2`);
        // The options after a target that may itself be a keyword (`ping count -> broadcast count 2 broadcast`).
        lines.push(`ping ${names.node(index)} -> ${names.node(next(index))} count 2 broadcast`);
    }
    return lines.join('\n') + '\n';
}

// `default` is a sysctl directory, so no interface may have it (the validator says so), nor `sysctl`
// (the grammar: a half-typed sysctl line stays one), nor `nameserver` (`nameserver 10.0.0.53` is a
// resolv.conf line); `switch` names the LAN.
const interfaceWords = keywords.filter((word) => !['default', 'sysctl', 'nameserver'].includes(word));
const nodeWords = keywords.filter((word) => word !== 'switch');
const count = nodeWords.length;
const keywordNames: Names = { lan: 'switch', node: (index) => nodeWords[index], iface: (index) => interfaceWords[index % interfaceWords.length] };
const plainNames: Names = { lan: 'lan', node: (index) => `n${index}`, iface: (index) => `e${index % interfaceWords.length}` };

describe('keywords as names', () => {
    test('the lab uses every keyword of the grammar as a name', () => {
        expect(keywords).toEqual(expect.arrayContaining(['host', 'router', 'switch', 'route', 'via', 'nat', 'filter', 'ping', 'default', 'from', 'in']));
        const text = lab(keywordNames, count);
        for (const word of keywords)
            expect(text, word).toMatch(new RegExp(`(host|router|switch|--|\\.|dev|in|ping|->) ${word}\\b|\\.${word}\\b|^  ${word} `, 'm'));
    });

    test('a lab named with keywords behaves as the same lab with plain names', async () => {
        const [named, plain] = await Promise.all([load(lab(keywordNames, count)), load(lab(plainNames, count))]);
        expect(reported(named).map((entry) => `${entry.line} ${entry.code}`)).toEqual(reported(plain).map((entry) => `${entry.line} ${entry.code}`));
        expect(reported(named).filter((entry) => entry.severity === 'error')).toEqual([]);
        expect(named.pingRuns.length).toBe(4 * count);
        expect(named.pingRuns.map((run) => run.result.lines)).toEqual(plain.pingRuns.map((run) => run.result.lines));
        expect(named.pingRuns.filter((run) => run.result.reply).length).toBeGreaterThan(count);
        expect(named.network.topology.nodes.map((node) => node.name)).toEqual(nodeWords);
    });

    test('`host router {`, `router host`, `switch switch` and a route line beside an interface named route', async () => {
        const file = await load(
            [
                'switch switch 10.0.0.0/24',
                'host router {',
                '  route 10.0.0.1/24 -- switch',
                '  route default via 10.0.0.2',
                '  route 10.5.0.0/24',
                '}',
                'router host {',
                '  via 10.0.0.2/24 -- switch',
                '}',
                'ping router -> host.via',
                'ping host -> router.route',
                ''
            ].join('\n')
        );
        // A `route` line with a prefix and nothing else is a route missing its next hop, not an interface.
        expect(reported(file).map((entry) => `${entry.line} ${entry.code}`)).toEqual(['5 route-needs-next-hop']);
        expect(file.pingRuns.map((run) => run.result.reply)).toEqual([true, true]);
        expect(file.network.topology.nodes.find((node) => node.name === 'router')?.interfaces.map((iface) => iface.name)).toEqual(['route']);
    });

    test('the shape words name a host, its interface and network, and containers: `container container on on.network`', async () => {
        const file = await load(
            [
                'switch sw 10.0.0.0/24',
                'host on {',
                '  on 10.0.0.1/24 -- sw',
                '  docker 10.9.0.1/24 -- sw',
                '  docker',
                '  network network 10.1.0.0/24',
                '}',
                'container container on on.network',
                'container network on on.network',
                'container docker on on',
                'ping container -> network.network',
                'ping docker -> container fails',
                ''
            ].join('\n')
        );
        // `docker ADDR -- sw` is an interface named docker (a shape takes no cable); `docker` alone is the shape.
        expect(reported(file).filter((entry) => entry.severity === 'error')).toEqual([]);
        expect(file.network.topology.nodes.find((node) => node.name === 'on')?.interfaces.map((iface) => iface.name)).toEqual([
            'on',
            'docker',
            'docker0',
            'br-network'
        ]);
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual([['64 bytes from network.network (10.1.0.3): icmp_seq=1 ttl=64'], []]);
    });
});
