import { describe, expect, test } from 'vitest';
import { applyFixes, diagnosticFixes } from '../../language/src/fixes/diagnostic-fixes.js';
import { load, net, reported } from './net-helpers.js';

/**
 * Where fixes put their edits: the engine computes each fix as text edits, placed as a person
 * would write them, and applying one makes its diagnostic go away with every comment kept.
 */

/** Applies the first fix of the first diagnostic with `code`, and returns the new text. */
async function applyFirst(text: string, code: string): Promise<string> {
    const file = await load(text);
    const diagnostic = file.diagnostics.find((entry) => entry.code === code);
    expect(diagnostic, `a ${code} diagnostic`).toBeDefined();
    const [fix] = diagnosticFixes(diagnostic!);
    expect(fix, `a fix on ${code}`).toBeDefined();
    return applyFixes(text, [fix]);
}

const oneWay = (carol: string) => net`
    # the classic one-way route
    switch office 198.18.10.0/24
    switch lab 198.18.20.0/24
    host alice {
      eth0 198.18.10.21/24 -- office   # alice's only port
      route 198.18.20.0/24 via 198.18.10.1
    }
    router gw {
      eth0 198.18.10.1/24 -- office
      eth1 198.18.20.1/24 -- lab
    }
    ${carol}
    ping alice -> carol
`;

describe('a missing return route', () => {
    test("the route goes after the node's last route, indented like it, its comment kept", async () => {
        const text = oneWay('host carol {\n    eth0 198.18.20.30/24 -- lab\n    route 198.18.99.0/24 dev eth0   # a stub\n}');
        const fixed = await applyFirst(text, 'missing-return-route');
        expect(fixed).toContain('    route 198.18.99.0/24 dev eth0   # a stub\n    route 198.18.10.0/24 via 198.18.20.1\n}');
        expect(reported(await load(fixed))).toEqual([]);
    });

    test('without routes, after the last member', async () => {
        const fixed = await applyFirst(oneWay('host carol {\n  eth0 198.18.20.30/24 -- lab   # carol\n}'), 'missing-return-route');
        expect(fixed).toContain('host carol {\n  eth0 198.18.20.30/24 -- lab   # carol\n  route 198.18.10.0/24 via 198.18.20.1\n}');
    });

    test('a block written on one line is opened up', async () => {
        const fixed = await applyFirst(oneWay('host carol { eth0 198.18.20.30/24 -- lab }'), 'missing-return-route');
        expect(fixed).toContain('host carol { eth0 198.18.20.30/24 -- lab\n  route 198.18.10.0/24 via 198.18.20.1\n}');
        expect(reported(await load(fixed))).toEqual([]);
    });

    test('Windows line ends stay Windows line ends', async () => {
        const text = oneWay('host carol {\n  eth0 198.18.20.30/24 -- lab\n}').replaceAll('\n', '\r\n');
        const fixed = await applyFirst(text, 'missing-return-route');
        expect(fixed).toContain('  eth0 198.18.20.30/24 -- lab\r\n  route 198.18.10.0/24 via 198.18.20.1\r\n}');
        expect(fixed.replaceAll('\r\n', '')).not.toContain('\n');
    });
});

describe('forwarding', () => {
    const lab = (mid: string) => net`
        switch a 198.18.1.0/24
        switch b 198.18.2.0/24
        host left {
          eth0 198.18.1.10/24 -- a
          route default via 198.18.1.1
        }
        ${mid}
        host right {
          eth0 198.18.2.10/24 -- b
          route default via 198.18.2.1
        }
    `;

    test('a host that does not forward gets the sysctl line', async () => {
        const fixed = await applyFirst(lab('host mid {\n  eth0 198.18.1.1/24 -- a\n  eth1 198.18.2.1/24 -- b\n}'), 'gateway-not-forwarding');
        expect(fixed).toContain('  eth1 198.18.2.1/24 -- b\n  sysctl net.ipv4.ip_forward = 1\n}');
        expect(reported(await load(fixed))).toEqual([]);
    });

    test('a line that switches it off is rewritten in place, comment and all', async () => {
        const fixed = await applyFirst(
            lab('router mid {\n  eth0 198.18.1.1/24 -- a\n  eth1 198.18.2.1/24 -- b\n  sysctl net.ipv4.conf.all.forwarding = 0 # off for now\n}'),
            'gateway-not-forwarding'
        );
        expect(fixed).toContain('  sysctl net.ipv4.conf.all.forwarding = 1 # off for now\n}');
        expect(reported(await load(fixed))).toEqual([]);
    });

    test("one interface's forwarding off: that interface's line", async () => {
        const fixed = await applyFirst(
            lab('router mid {\n  eth0 198.18.1.1/24 -- a\n  eth1 198.18.2.1/24 -- b\n  sysctl net.ipv4.conf.eth0.forwarding = 0\n}'),
            'gateway-not-forwarding'
        );
        expect(fixed).toContain('  sysctl net.ipv4.conf.eth0.forwarding = 1\n}');
        expect(reported(await load(fixed))).toEqual([]);
    });
});

describe('routes the kernel refuses', () => {
    const refused = net`
        host A {
          eth0 198.18.0.5/24
          route 198.18.7.0/24 via 198.18.0.1
          route 198.18.7.0/24 via 198.18.0.2   # a second gateway?
          route 198.18.8.7/24 via 198.18.0.1
        }
    `;

    test('a duplicate is removed; the comment on its line stays', async () => {
        const fixed = await applyFirst(refused, 'route-refused');
        expect(fixed).toBe(refused.replace('  route 198.18.7.0/24 via 198.18.0.2   # a second gateway?', '  # a second gateway?'));
    });

    test('host bits are cleared', async () => {
        const file = await load(refused);
        const bits = file.diagnostics.filter((entry) => entry.code === 'route-refused')[1];
        const [fix] = diagnosticFixes(bits);
        expect(fix.title).toBe('Use 198.18.8.0/24 (clear the host bits)');
        const fixed = applyFixes(refused, [fix]);
        expect(fixed).toContain('  route 198.18.8.0/24 via 198.18.0.1\n');
        // Installed now, it shares the unanswered gateway of line 3; the duplicate is the only refusal left.
        expect(reported(await load(fixed)).map((entry) => `${entry.line} ${entry.code}`)).toEqual([
            '3 gateway-not-owned',
            '4 route-refused',
            '5 gateway-not-owned'
        ]);
    });
});
