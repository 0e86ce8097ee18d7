import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runNettopo, scratchFolder, type Run } from './cli-process.js';

/**
 * `nettopo rules FILE NODE`, the real CLI process on the built bundle. The expected listings are
 * what iptables 1.8.9 printed for these rules in a namespace (the kernel tier checks the printer
 * against the kernel on every container lab it builds): policies first, options in iptables' order,
 * host bits cleared, `/32` added, states in conntrack's order, REJECT's default spelled out.
 */
const scratch = scratchFolder('nettopo-rules-');

beforeAll(() => {
    writeFileSync(
        join(scratch(), 'docker.net'),
        `switch lan 192.168.1.0/24

host dockerhost {
  eth0 192.168.1.10/24 -- lan
  bridge docker0 172.17.0.1/16
  sysctl net.ipv4.ip_forward = 1
  nat masquerade from 172.17.0.0/16 out !docker0
  nat masquerade from 172.17.0.5/16 to !172.17.0.0/16
  filter forward policy drop
  filter input reject from 192.168.1.0/24 in docker0
  filter forward accept out docker0 state established,related
  filter forward accept in docker0 out !docker0
  filter forward reject in !docker0 from 172.17.0.0/16 to 192.168.1.77
  filter forward drop state related,new,established
  filter output drop out !eth0
}

host web {
  eth0 172.17.0.2/16 -- dockerhost.docker0
  route default via 172.17.0.1
}
`
    );
});

function nettopo(...args: string[]): Run {
    return runNettopo(args, { cwd: scratch() });
}

const filter = `-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-A INPUT -s 192.168.1.0/24 -i docker0 -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -s 172.17.0.0/16 -d 192.168.1.77/32 ! -i docker0 -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -m conntrack --ctstate NEW,RELATED,ESTABLISHED -j DROP
-A OUTPUT ! -o eth0 -j DROP
`;
const nat = `-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.17.0.0/16 ! -d 172.17.0.0/16 -j MASQUERADE
`;

describe('rules FILE NODE', () => {
    test('--table filter prints what `iptables -S` prints', () => {
        expect(nettopo('rules', 'docker.net', 'dockerhost', '--table', 'filter')).toEqual({ status: 0, stdout: filter, stderr: '' });
    });

    test('--table nat prints what `iptables -t nat -S` prints', () => {
        expect(nettopo('rules', 'docker.net', 'dockerhost', '--table', 'nat')).toEqual({ status: 0, stdout: nat, stderr: '' });
    });

    test('without --table, both, each under its command', () => {
        expect(nettopo('rules', 'docker.net', 'dockerhost')).toEqual({ status: 0, stdout: `# iptables -S\n${filter}# iptables -t nat -S\n${nat}`, stderr: '' });
    });

    test('a node without rules has the default policies, as a fresh namespace does', () => {
        expect(nettopo('rules', 'docker.net', 'web', '--table', 'filter').stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
    });

    test('an unknown node, a bad table, missing arguments, a missing file: exit 2, one clear line, no stack trace', () => {
        for (const [args, message] of [
            [['docker.net', 'nobody'], "docker.net has no host or router named 'nobody'"],
            [['docker.net', 'dockerhost', '--table', 'mangle'], "unknown table 'mangle': use filter or nat"],
            [['docker.net'], 'rules takes FILE NODE'],
            [['missing.net', 'web'], 'cannot read missing.net: no such file']
        ] as const) {
            const run = nettopo('rules', ...args);
            expect(run.status).toBe(2);
            expect(run.stdout).toBe('');
            expect(run.stderr.split('\n')[0]).toBe(`nettopo: ${message}`);
            expect(run.stderr).not.toMatch(/\n\s+at /);
        }
    });
});
