import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatFilterRules, formatNatRules } from '../../language/src/engine/rule-format.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** Hovers on containers: a host's bridges with their ports, its rules as iptables lists them, a bridge line, a rule line. */
const example = (name: string) => readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8');

async function hoverAt(text: string, needle: string, shift = 0): Promise<string> {
    const { document } = await marked(text);
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

const blocks = (markdown: string) => [...markdown.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);

async function dockerhost(name: string) {
    const { document } = await marked(example(name));
    return services.model.DocumentModels.get(document).network.nodes.get('dockerhost')!.model;
}

describe('on a bridge host', () => {
    test('its bridge with the interfaces plugged into it, and both iptables listings beside the route tables', async () => {
        const value = await hoverAt(example('14-docker-forward-drop.net'), 'host dockerhost', 6);
        expect(value).toContain(
            'Bridge `docker0` 172.17.0.1/16 — 2 ports:\n\n| port to | addresses |\n|---|---|\n| `web.eth0` | 172.17.0.2/16 |\n| `db.eth0` | 172.17.0.3/16 |'
        );
        const host = await dockerhost('14-docker-forward-drop.net');
        expect(blocks(value).slice(2)).toEqual([formatFilterRules(host), formatNatRules(host)]);
        expect(blocks(value)[2]).toBe(
            '-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n' +
                '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n' +
                '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n-A FORWARD -i docker0 -o docker0 -j ACCEPT\n'
        );
        expect(value).toContain(
            '`iptables -t nat -S`\n```text\n-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n```'
        );
    });

    test('a node without nat or filter lines shows no iptables listing, a container no bridge', async () => {
        const value = await hoverAt(example('13-docker-bridge.net'), 'host web', 6);
        expect(value).not.toContain('iptables');
        expect(value).not.toContain('Bridge');
        expect(value).toContain('| `eth0` | 172.17.0.2/16 | bridge `dockerhost.docker0` (a veth pair to one of its ports) |');
    });

    test('a bridge nothing is plugged into says so', async () => {
        const value = await hoverAt('host h {\n  bridge br0 10.1.0.1/24\n}\n', 'host h', 5);
        expect(value).toContain('Bridge `br0` 10.1.0.1/24 — no port: nothing is plugged into it.');
    });
});

describe('on a bridge line, or a container naming it', () => {
    test('the bridge with its ports and its host rules', async () => {
        const text = example('13-docker-bridge.net');
        const host = await dockerhost('13-docker-bridge.net');
        for (const [needle, shift] of [
            ['bridge docker0', 8],
            ['-- dockerhost.docker0', 15]
        ] as const) {
            const value = await hoverAt(text, needle, shift);
            expect(value).toContain('**bridge** `dockerhost.docker0` — a Linux bridge on `dockerhost`');
            expect(value).toContain('| `web.eth0` | 172.17.0.2/16 |\n| `db.eth0` | 172.17.0.3/16 |');
            expect(value).toContain('`dockerhost` forwards packets (ip_forward 1)');
            expect(blocks(value)).toEqual([formatFilterRules(host), formatNatRules(host)]);
        }
    });
});

describe('on a nat or filter line', () => {
    const text = example('14-docker-forward-drop.net');

    test('the rule as iptables -S prints it, options in iptables order whatever order the file wrote', async () => {
        expect(await hoverAt(text, 'nat masquerade', 1)).toBe(
            '**nat** rule on `dockerhost` — `iptables -t nat -S` prints it as\n```text\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n```'
        );
        expect(blocks(await hoverAt(text, 'filter forward accept out docker0 state', 15))).toEqual([
            '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n'
        ]);
        const reordered = 'host h {\n  eth0 10.0.0.1/24\n  filter input reject state new,established to 10.0.0.0/8 in eth0\n}\n';
        expect(blocks(await hoverAt(reordered, 'filter input', 8))).toEqual([
            '-A INPUT -d 10.0.0.0/8 -i eth0 -m conntrack --ctstate NEW,ESTABLISHED -j REJECT --reject-with icmp-port-unreachable\n'
        ]);
    });

    test('a policy line; one a later policy line overrides says so', async () => {
        expect(await hoverAt(text, 'filter forward policy drop', 9)).toBe(
            '**filter** policy on `dockerhost` — `iptables -S` prints it as\n```text\n-P FORWARD DROP\n```'
        );
        const twice = 'host h {\n  filter input policy drop\n  filter input policy accept\n}\n';
        const first = await hoverAt(twice, 'policy drop', 2);
        expect(blocks(first)).toEqual(['-P INPUT DROP\n']);
        expect(first).toContain('A later `filter input policy` line overrides it');
        expect(await hoverAt(twice, 'policy accept', 2)).not.toContain('overrides');
    });

    test('a rule iptables would refuse is not simulated, and says so', async () => {
        expect(await hoverAt('host h {\n  filter input accept out eth0\n}\n', 'filter', 1)).toBe(
            '**filter** rule: not simulated (iptables would refuse it; see the problems)'
        );
    });
});
