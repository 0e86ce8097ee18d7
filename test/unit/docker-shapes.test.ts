import { describe, expect, test } from 'vitest';
import { expandText } from '../../language/src/shapes/expand-text.js';
import type { LoadedFile } from '../../language/src/load.js';
import { load, net, reported } from './net-helpers.js';

/**
 * The Docker shapes are sugar: a file with `docker`, `network` and `container` lines has the model of
 * its expansion (the same nodes, rules and pings), and `check` finds the same things in both.
 */

const expanded = (file: LoadedFile) => expandText(file.expansion, file.document.textDocument.getText());
const findings = (file: LoadedFile) => reported(file).map(({ severity, code, message }) => ({ severity, code, message }));

const dockerLab = net`
    # A Docker host on the office LAN.
    switch office 192.168.10.0/24

    host dockerhost {
      eth0 192.168.10.10/24 -- office
      docker   # the daemon's defaults
    }

    container web on dockerhost
    container db on dockerhost

    host alice {
      eth0 192.168.10.21/24 -- office
      route 172.17.0.0/16 via 192.168.10.10
    }

    ping web -> db
    ping db -> alice
    ping alice -> web fails
`;

describe('docker', () => {
    test('stands for docker0, forwarding, MASQUERADE and the FORWARD chain Docker writes; containers get .2, .3 in turn', async () => {
        const file = await load(dockerLab);
        expect(expanded(file)).toBe(net`
            # A Docker host on the office LAN.
            switch office 192.168.10.0/24

            host dockerhost {
              eth0 192.168.10.10/24 -- office
              bridge docker0 172.17.0.1/16
              sysctl net.ipv4.ip_forward = 1
              nat masquerade from 172.17.0.0/16 out !docker0
              filter forward policy drop
              filter forward accept out docker0 state established,related
              filter forward accept in docker0 out !docker0
              filter forward accept in docker0 out docker0   # the daemon's defaults
            }

            host web {
              eth0 172.17.0.2/16 -- dockerhost.docker0
              route default via 172.17.0.1
            }
            host db {
              eth0 172.17.0.3/16 -- dockerhost.docker0
              route default via 172.17.0.1
            }

            host alice {
              eth0 192.168.10.21/24 -- office
              route 172.17.0.0/16 via 192.168.10.10
            }

            ping web -> db
            ping db -> alice
            ping alice -> web fails
        `);
    });

    test('has the model of its expansion, and the same findings on the shape line', async () => {
        const file = await load(dockerLab);
        const core = await load(expanded(file));
        expect(file.topology).toEqual(core.topology);
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual(core.pingRuns.map((run) => run.result.lines));
        expect(file.pingRuns.map((run) => run.result.reply)).toEqual([true, true, false]);
        expect(findings(file)).toEqual(findings(core));
        // The FORWARD policy's finding about alice is on the `docker` line.
        expect(reported(file).map((entry) => `${entry.line} ${entry.code}`)).toEqual(['6 unreachable-destination']);
    });

    test('takes the bridge address Docker is given (--bip)', async () => {
        const file = await load(net`
            host h {
              docker 10.9.0.1/24
            }
            container c on h
        `);
        expect(file.topology.nodes.find((node) => node.name === 'c')?.interfaces[0].addresses).toEqual([{ address: 0x0a090002, length: 24 }]);
        expect(reported(file)).toEqual([]);
    });
});
