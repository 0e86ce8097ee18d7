import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { fixText } from '../../language/src/fixes/fix-text.js';
import { load, net, onlyOne, ping, reported } from './net-helpers.js';

/** Root causes at the line that causes them, each with a fix that makes the file's pings work in the engine. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/causes', name), 'utf8');

test('a connected prefix wider than its switch: at the interface, with what it shadows; the fix is the switch prefix', async () => {
    const text = fixture('wide-prefix.net');
    const found = await onlyOne(text, 'prefix-wider-than-segment');
    expect(found.line).toBe(5);
    expect(found.message).toMatch(
        /^10\.1\.0\.10\/8 on h1\.eth0 is wider than lan1's subnet 10\.1\.0\.0\/24: its connected route 10\.0\.0\.0\/8 .* off the route `default via 10\.1\.0\.1`/
    );
    expect(found.message).toContain('10.2.0.10 (h2)');
    const fixed = await fixText(text, 'lab.net');
    expect(fixed.text).toContain('eth0 10.1.0.10/24 -- lan1');
    expect(ping(fixed.file, 'h1', '10.2.0.10').reply).toBe(true);
    expect(reported(fixed.file)).toEqual([]);
});

test('the same subnet on two interfaces of a node: at the second interface, saying whose packets go the wrong way', async () => {
    const found = await onlyOne(
        net`
        switch lan1
        switch lan2
        router r1 {
          eth0 198.18.1.1/16 -- lan1
          eth1 198.18.5.1/16 -- lan2
        }
        host h1 {
          eth0 198.18.1.10/16 -- lan1
        }
        host h2 {
          eth0 198.18.5.10/16 -- lan2
        }
        `,
        'subnet-on-two-interfaces'
    );
    expect(found.line).toBe(5);
    expect(found.message).toBe(
        "198.18.5.1/16 on eth1 is in the same subnet as eth0's 198.18.0.0/16: r1 has one route for 198.18.0.0/16, by eth0: 198.18.5.10 (h2) on eth1's segment is looked for on eth0, where nobody answers"
    );
});

test('overlapping subnets on different segments: switch against switch, and a bridge against a LAN', async () => {
    const text = net`
        switch lan1 198.18.0.0/16
        switch lan2 198.18.2.0/24
        host h1 {
          eth0 198.18.1.10/16 -- lan1
          bridge br0 198.18.2.1/24
          route default via 198.18.1.1
        }
        host h2 {
          eth0 198.18.2.10/24 -- lan2
        }
        `;
    const found = reported(await load(text)).filter((entry) => entry.code === 'overlapping-subnets');
    expect(found.map((entry) => entry.line)).toEqual([2, 5]);
    expect(found[1].message).toBe(
        "198.18.2.1/24 on h1.br0 overlaps lan2's subnet 198.18.2.0/24, another segment: 198.18.2.10 (h2) on lan2 is looked for by ARP on br0, where nobody answers"
    );
    expect(found[0].message).toMatch(/^lan2's subnet 198\.18\.2\.0\/24 overlaps lan1's 198\.18\.0\.0\/16/);
});

test('default routes that point at each other: at both route lines, fixed with the specific route the lab needs', async () => {
    const text = fixture('default-loop.net');
    const found = reported(await load(text)).filter((entry) => entry.code === 'route-cycle');
    expect(found.map((entry) => entry.line)).toEqual([8, 14]);
    expect(found[1].message).toBe(
        "r1's `default via 198.18.0.2` and r2's `default via 198.18.0.1` point at each other: packets for destinations nobody has (198.51.100.1, say) go round between r1 and r2 until their TTL runs out"
    );
    const fixed = await fixText(text, 'lab.net');
    expect(fixed.text).toContain('  route 198.18.2.0/24 via 198.18.0.2\n');
    expect(reported(fixed.file)).toEqual([]);
    expect(ping(fixed.file, 'h1', '198.18.2.10').reply).toBe(true);
    expect(ping(fixed.file, 'h2', '198.18.1.10').reply).toBe(true);
    const failure = ping(fixed.file, 'h2', '198.51.100.1').failure;
    expect(failure && 'stop' in failure ? failure.stop.kind : undefined).not.toBe('ttl-exceeded');
});

test('a route cycle that a `ping … fails` line goes round is known to its author: no warning', async () => {
    const text = fixture('default-loop.net');
    const acknowledged = `${text}\nping h1 -> 198.51.100.1 fails\n`;
    expect(reported(await load(acknowledged)).filter((entry) => entry.code === 'route-cycle')).toEqual([]);
    // A `fails` line whose ping dies elsewhere (nobody on lan1 answers ARP) acknowledges nothing.
    const elsewhere = `${text}\nping h1 -> 198.18.1.99 fails\n`;
    expect(reported(await load(elsewhere)).filter((entry) => entry.code === 'route-cycle')).toHaveLength(2);
});

test('a router of a file whose routers route LAN by LAN gets the LANs’ routes, not a default route', async () => {
    const text = fixture('routers-route-by-lan.net');
    const found = await load(text);
    const causes = reported(found).filter((entry) => entry.code === 'missing-return-route' && entry.line === 6);
    expect(causes).toHaveLength(1);
    expect(causes[0].message).toMatch(/fix: add 2 routes to r1: `route 198\.18\.2\.0\/24 via 198\.18\.0\.2`, `route 198\.18\.3\.0\/24 via 198\.18\.0\.2`/);
    const fixed = await fixText(text, 'lab.net');
    expect(reported(fixed.file)).toEqual([]);
    // Without r2's specific route the file has no style to follow: r2 routes by default, r1 gets a default route too.
    const byDefault = text.replace('route 198.18.1.0/24 via 198.18.0.1', 'route default via 198.18.0.1');
    expect(reported(await load(byDefault)).find((entry) => entry.line === 6)?.message).toMatch(/fix: add `route default via 198\.18\.0\.2` to r1/);
});

test('a route fix takes in no network but the ones it repairs: no aggregate over the node’s own subnets', async () => {
    const text = fixture('no-wide-aggregate.net');
    const found = reported(await load(text)).find((entry) => entry.line === 3);
    expect(found?.message).toMatch(
        /fix: add 3 routes to r1: `route 198\.18\.2\.0\/24 via 198\.18\.0\.2`, `route 198\.18\.5\.0\/24 via 198\.18\.0\.2`, `route 198\.18\.3\.0\/24 via 198\.18\.0\.3`/
    );
    const fixed = await fixText(text, 'lab.net');
    expect(reported(fixed.file)).toEqual([]);
});

test('a ping line names every cause of its lost packet in order: each next one found with the ones before it fixed', async () => {
    const text = fixture('two-causes.net');
    const found = reported(await load(text)).find((entry) => entry.code === 'ping-expectation');
    expect(found?.message).toBe(
        'ping h1 -> h2 (198.18.2.10) gets no reply: the request is lost: r1 does not forward packets (net.ipv4.ip_forward is 0) and drops it. ping prints nothing' +
            '; once that is fixed, the request reaches h2, but the reply cannot come back: r2 has no route to 198.18.1.10'
    );
});

test('a `ping … fails` to a destination acknowledges its losses: a note at the cause, still with the fix; others still warn', async () => {
    const lab = net`
        switch lan1
        switch lan2
        host h1 {
          eth0 198.18.1.10/24 -- lan1
          route default via 198.18.1.1
        }
        router r1 {
          eth0 198.18.1.1/24 -- lan1
          eth1 198.18.2.1/24 -- lan2
        }
        host h2 {
          eth0 198.18.2.10/24 -- lan2
        }
        `;
    // h2 has no route back: without a `fails` line, a warning at h2 and one on h1's default route.
    const unacknowledged = reported(await load(lab));
    expect(unacknowledged.map((entry) => `${entry.line} ${entry.severity} ${entry.code}`)).toEqual([
        '5 warning missing-return-route',
        '11 warning missing-return-route'
    ]);
    // Declared out of reach (by name, though the analysis tries its address): one note at h2, naming the line, fix kept.
    const acknowledged = reported(await load(`${lab}ping h1 -> h2 fails\n`));
    expect(acknowledged).toEqual([
        {
            line: 11,
            severity: 'info',
            code: 'missing-return-route',
            message:
                'h2 has no route to 198.18.1.0/24 (h1, r1): pings from h1 to 198.18.2.10 (h2) get no reply: the replies are lost at h2, ' +
                'as `ping h1 -> h2 fails` expects; fix: add `route 198.18.1.0/24 via 198.18.2.1` to h2'
        }
    ]);
    expect(reported((await fixText(`${lab}ping h1 -> h2\n`, 'lab.net')).file)).toEqual([]);
    // A third host on lan2 that nobody declared out of reach: its losses keep the warnings.
    const another = `${lab}host h3 {\n  eth0 198.18.2.11/24 -- lan2\n}\nping h1 -> h2 fails\n`;
    expect(
        reported(await load(another))
            .filter((entry) => entry.severity === 'warning')
            .map((entry) => entry.line)
    ).toEqual([5, 11]);
});
