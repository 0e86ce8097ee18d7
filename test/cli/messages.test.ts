import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * Addresses, prefixes and names that do not parse, given to the real CLI process: each message says
 * which one and why, in our words; nothing of ip-num's, Chevrotain's or Langium's reaches the user.
 */

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/nettopo.js');
let dir: string;

beforeAll(() => {
    if (!existsSync(join(root, 'out/nettopo.js'))) throw new Error('out/nettopo.js is missing: run `npm run build` before the CLI tests');
    dir = mkdtempSync(join(tmpdir(), 'nettopo-cli-messages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nettopo(...args: string[]) {
    const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string): string {
    writeFileSync(join(dir, name), content);
    return name;
}

/** Words of the libraries below us: ip-num's octet messages, Chevrotain's ambiguity report, stack frames. */
const LIBRARY_WORDS = /Octet|8bit|Ambiguous|chevrotain|prefix path|\n\s+at |TypeError|RangeError/;

const lan = `switch lan 198.18.0.0/24
host a {
    eth0 198.18.0.1/24 -- lan
}
host b {
    eth0 198.18.0.2/24 -- lan
}
`;

describe('nettopo ping FILE SOURCE TARGET with a target that does not parse', () => {
    test.each([
        ['300.1.1.1', 'invalid IPv4 address "300.1.1.1": 300 is more than 255'],
        ['1.2.3', 'invalid IPv4 address "1.2.3": an address is four numbers from 0 to 255 with dots between them'],
        ['198.18.0.2/24', 'invalid IPv4 address "198.18.0.2/24": an address is four numbers from 0 to 255 with dots between them'],
        ['b.eth0.x', "'b.eth0.x' is not a target: a target is an address, a node or NODE.IFNAME"],
        ['b.eth9', "b has no interface named 'eth9'"]
    ])('%s', (target, message) => {
        const run = nettopo('ping', file('lan.net', lan), 'a', target);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(`nettopo: lan.net: ${message}\n`);
        expect(run.status).toBe(2);
    });
});

describe('nettopo check on addresses and prefixes that do not parse', () => {
    test('each one is reported at its place with what is wrong, and nothing else is printed', () => {
        const text = `switch lan 198.18.0.0/24
host a {
    eth0 198.18.0.1/24 -- lan
    eth1 198.18.1.1/33
    eth2 1.2.3/24
    eth3 1.2.3.4/
    route 198.18.5.0/24 via 198.18.0.999
    route 198.18.5.0/2x4 via 198.18.0.9
    route 1.2.3.4.5/24 via 198.18.0.9
}
ping a -> 1.2.3
`;
        const run = nettopo('check', file('bad.net', text));
        expect(run.stderr).not.toMatch(LIBRARY_WORDS);
        expect(run.stdout).not.toMatch(LIBRARY_WORDS);
        const quad = 'an address is four numbers from 0 to 255 with dots between them';
        expect(run.stdout.trim().split('\n')).toEqual([
            'bad.net:4:10: error: invalid prefix length "/33" in "198.18.1.1/33": it must be 0 to 32 [invalid-address]',
            `bad.net:5:10: error: invalid IPv4 address "1.2.3": ${quad} [invalid-address]`,
            'bad.net:6:10: error: the prefix length after "/" is missing in "1.2.3.4/": it is 0 to 32 [invalid-address]',
            'bad.net:7:29: error: invalid IPv4 address "198.18.0.999": 999 is more than 255 [invalid-address]',
            'bad.net:8:11: error: invalid prefix length "/2x4" in "198.18.5.0/2x4": it must be 0 to 32 [invalid-address]',
            `bad.net:9:11: error: invalid IPv4 address "1.2.3.4.5": ${quad} [invalid-address]`,
            `bad.net:11:11: error: invalid IPv4 address "1.2.3": ${quad} [invalid-address]`
        ]);
        expect(run.status).toBe(1);
    });

    test('a route line that is neither a route nor an interface gets our parse error, not the parser library’s ambiguity report', () => {
        const run = nettopo('check', file('route.net', 'host a {\n    route 198.18.5.0/24 x4 via 198.18.0.9\n}\n'));
        expect(run.stdout + run.stderr).not.toMatch(LIBRARY_WORDS);
        expect(run.stdout).toContain('route.net:2:25: error: ');
        expect(run.stderr).toBe('');
    });
});

describe('nettopo export with a prefix that is not a lab prefix', () => {
    test('says what a prefix is, in words rather than a regular expression', () => {
        const run = nettopo('export', file('lan.net', lan), '--format', 'netns', '--prefix', 'Lab 1');
        expect(run.stderr).toBe(`nettopo: invalid lab prefix "Lab 1": a prefix is a lowercase letter, then at most 23 lowercase letters, digits or '-'\n`);
        expect(run.status).toBe(2);
    });
});
