import { describe, expect, test } from 'vitest';
import { nodeSettings } from '../../language/src/engine/node-settings.js';
import { netnsScript } from '../../language/src/kernel/netns-script.js';
import { loadNetText } from '../../language/src/load.js';
import { net, reported } from './net-helpers.js';

/**
 * `defaults { sysctl ... }`: every node starts with the lab-wide lines and its own lines override
 * them (the kernel case kernel-cases/lab-defaults.net measures the same on namespaces).
 */
const lab = net`
    defaults {
      sysctl net.ipv4.ip_forward = 1
      sysctl net.ipv4.conf.all.rp_filter = 2
    }
    host A {
      eth0 198.18.1.10/24
    }
    host B {
      eth0 198.18.1.11/24
      sysctl net.ipv4.ip_forward = 0
    }
`;

describe('lab-wide defaults', () => {
    test('every node starts with them; its own line overrides', async () => {
        const { topology, diagnostics } = await loadNetText(lab, 'lab.net');
        expect(diagnostics).toEqual([]);
        const [a, b] = topology.nodes.map(nodeSettings);
        expect([a.ipForward, a.rpFilter('eth0')]).toEqual([true, 2]);
        expect([b.ipForward, b.rpFilter('eth0')]).toEqual([false, 2]);
    });

    test('the exported lab writes them in every namespace, before the node’s own lines', async () => {
        const { topology } = await loadNetText(lab, 'lab.net');
        const script = netnsScript(topology, { prefix: 'nt-d' });
        const writes = script.split('\n').filter((line) => line.includes("sysctl -qw 'net.ipv4"));
        expect(writes.map((line) => /'nt-d-n-(\w+)' sysctl -qw '(net[^']+)'/.exec(line)!.slice(1).join(' '))).toEqual([
            'A net.ipv4.ip_forward=1',
            'A net.ipv4.conf.all.rp_filter=2',
            'B net.ipv4.ip_forward=1',
            'B net.ipv4.conf.all.rp_filter=2',
            'B net.ipv4.ip_forward=0'
        ]);
    });

    test('a default is checked once, at its line, not once per node', async () => {
        const text = net`
            defaults {
              sysctl net.ipv4.tcp_syncookies = 0
              sysctl net.ipv4.conf.eth0.rp_filter = 1
              sysctl net.ipv4.ip_forward = 3
            }
            host A {
              eth0 198.18.1.10/24
            }
            host B {
              eth0 198.18.1.11/24
            }
        `;
        expect(reported(await loadNetText(text, 'lab.net'))).toEqual([
            { line: 2, severity: 'warning', code: 'sysctl-not-modelled', message: 'net.ipv4.tcp_syncookies is not modelled: the simulation ignores it' },
            {
                line: 3,
                severity: 'error',
                code: 'sysctl-unknown-interface',
                message:
                    'net.ipv4.conf.eth0.rp_filter names one interface, and defaults apply to every node: write conf.all, or the line in the nodes that have eth0'
            },
            { line: 4, severity: 'error', code: 'sysctl-value', message: 'net.ipv4.ip_forward takes 0 or 1, not 3' }
        ]);
    });

    test('`defaults` is a name like the other keywords', async () => {
        const { topology, diagnostics } = await loadNetText('host defaults {\n  defaults 198.18.1.1/24\n}\n', 'lab.net');
        expect(diagnostics).toEqual([]);
        expect(topology.nodes.map((node) => [node.name, node.interfaces[0].name])).toEqual([['defaults', 'defaults']]);
    });
});
