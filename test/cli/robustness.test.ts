import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oneWayLans } from './fixtures.js';

/**
 * The CLI (a real process on the built bundle) with what a careless user gives it: any file name,
 * standard input, a BOM, CRLF, invalid UTF-8, a full disk, a file that does not parse. Never a
 * crash, a library's message or a lost byte.
 */

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/nettopo.js');
let dir: string;

beforeAll(() => {
    if (!existsSync(join(root, 'out/nettopo.js'))) throw new Error('out/nettopo.js is missing: run `npm run build` before the CLI tests');
    dir = mkdtempSync(join(tmpdir(), 'nettopo-cli-robust-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function nettopo(args: readonly string[], input?: string | Buffer, cwd = dir): Run {
    const result = spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a bash command line in the test folder, with `nettopo` as a shell function. */
function shell(command: string): Run {
    const result = spawnSync('bash', ['-c', `nettopo() { ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"; }\n${command}`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const noCrash = (run: Run) => expect(run.stdout + run.stderr).not.toMatch(/internal error|\n\s+at |TypeError|RangeError|Error:/);

/** One fix to make (C has no route back), one ping. */
const oneWay = `${oneWayLans}ping B -> C
`;
const fixedLine = '  route 10.1.0.0/24 via 10.2.0.1';

function file(name: string, content: string | Buffer): string {
    writeFileSync(join(dir, name), content);
    return name;
}

describe('any path, and - for standard input', () => {
    test('check, ping, routes and export read lab.txt, LAB.NET, a name without extension, /dev/stdin, - and <(...)', () => {
        const expected = nettopo(['check', file('one-way.net', oneWay)]).stdout.replaceAll('one-way.net', 'NAME');
        expect(expected).toContain('[missing-return-route]');
        for (const name of ['lab.txt', 'LAB.NET', 'lab']) {
            const run = nettopo(['check', file(name, oneWay)]);
            noCrash(run);
            expect(run.stdout.replaceAll(name, 'NAME'), name).toBe(expected);
        }
        for (const [args, input] of [
            [['check', '-'], oneWay],
            [['check', '/dev/stdin'], oneWay]
        ] as const) {
            const run = nettopo(args, input);
            noCrash(run);
            expect(run.stdout.replaceAll(args[1] === '-' ? '<stdin>' : '/dev/stdin', 'NAME'), args.join(' ')).toBe(expected);
        }
        const substituted = shell('nettopo ping <(cat one-way.net) B C');
        expect(substituted.status, substituted.stderr).toBe(1);
        expect(substituted.stderr).toContain('C has no route to 10.1.0.11');
        noCrash(substituted);
        const routes = nettopo(['routes', '-', 'C'], oneWay);
        expect(routes.status, routes.stderr).toBe(0);
        expect(routes.stdout).toContain('10.2.0.0/24 dev eth0 proto kernel scope link src 10.2.0.10');
        const exported = nettopo(['export', '-'], oneWay.replace(/\b10\.(\d)\.0\./g, '198.18.$1.'));
        expect(exported.status, exported.stderr).toBe(0);
        expect(exported.stdout).toContain('the topology of <stdin>');
        const pinged = nettopo(['ping', '-', 'B', 'R.eth1'], oneWay);
        expect(pinged).toMatchObject({ status: 0, stdout: '64 bytes from 10.2.0.1: icmp_seq=1 ttl=64\n' });
    });

    test('--fix does not rewrite standard input, a pipe or a device: it says so, exit 2', () => {
        const stdin = nettopo(['check', '--fix', '-'], oneWay);
        expect(stdin.status).toBe(2);
        expect(lines(stdin.stderr)).toEqual(['nettopo: cannot fix standard input: --fix rewrites files in place; check it without --fix']);
        const pipe = shell('nettopo check --fix <(cat one-way.net)');
        expect(pipe.status).toBe(2);
        expect(pipe.stderr).toMatch(/^nettopo: cannot fix \/dev\/fd\/\d+: it is not a regular file/);
        expect(nettopo(['check', '--fix', '/dev/null']).status).toBe(2);
    });
});

describe('check FILE...', () => {
    test('an unreadable file in the middle: the others are checked all the same, exit 2', () => {
        const run = nettopo(['check', file('a.net', oneWay), 'missing.net', file('b.net', oneWay)]);
        expect(run.status).toBe(2);
        expect(lines(run.stderr)).toEqual(['nettopo: cannot read missing.net: no such file']);
        expect(lines(run.stdout).filter((line) => line.startsWith('b.net:'))).toHaveLength(3);
        expect(lines(run.stdout).filter((line) => line.startsWith('a.net:'))).toHaveLength(3);
    });

    test('a UTF-8 BOM is accepted, as the editor accepts it; lines and columns as the editor counts them', () => {
        const run = nettopo(['check', file('bom.net', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(oneWay)]))]);
        expect(run.stdout).not.toContain('lexing-error');
        expect(run.stdout.replaceAll('bom.net', 'one-way.net')).toBe(nettopo(['check', 'one-way.net']).stdout);
    });

    test('01.2.3.4 and a 20-digit metric: messages in our words that say what is wrong', () => {
        const run = nettopo([
            'check',
            file('numbers.net', oneWay.replace('route 10.2.0.0/24 via 10.1.0.1', 'route 10.2.0.0/24 via 01.2.3.4 metric 99999999999999999999'))
        ]);
        expect(run.stdout).toContain(
            'error: invalid IPv4 address "01.2.3.4": "01" has a leading zero, and ip and ping read such numbers as octal: write the address without leading zeros [invalid-address]'
        );
        expect(run.stdout).toContain('error: metric 99999999999999999999 is larger than 4294967295 [invalid-metric]');
        expect(run.stdout).not.toMatch(/Octet|8bit/);
    });

    test('bad options: our words, exit 2', () => {
        const unknown = nettopo(['check', '--frobnicate', 'a.net']);
        expect(unknown.status).toBe(2);
        expect(lines(unknown.stderr)[0]).toBe("nettopo: unknown option '--frobnicate'");
        const missing = nettopo(['routes', 'a.net', 'B', '--format']);
        expect(lines(missing.stderr)[0]).toBe('nettopo: option --format needs a value');
        const extra = nettopo(['check', '--fix=yes', 'a.net']);
        expect(lines(extra.stderr)[0]).toBe('nettopo: option --fix takes no value');
        for (const run of [unknown, missing, extra]) expect(run.stderr).not.toMatch(/place it at the end|argument missing|does not take/);
    });

    test('an error message that says "takes" is not followed by the usage (only bad command lines are)', () => {
        const run = nettopo(['export', file('rp.net', 'host A {\n  eth0 198.18.0.1/24\n  sysctl net.ipv4.conf.eth0.rp_filter = 9\n}\n')]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('rp_filter takes 0, 1 or 2, not 9');
        expect(run.stderr).not.toContain('usage:');
    });
});

describe('output that cannot be written', () => {
    test('a full disk (/dev/full): one line saying so, exit 2, no stack trace', () => {
        for (const args of ['check one-way.net', 'ping one-way.net --json', 'routes one-way.net B', 'export one-way.net']) {
            const run = shell(`nettopo ${args} > /dev/full`);
            expect(run.status, args).toBe(2);
            expect(lines(run.stderr), args).toEqual(['nettopo: cannot write the output: no space left on the device']);
        }
    });
});

describe('ping on a file with errors', () => {
    const duplicate = `${oneWay}host B {\n  eth0 10.1.0.12/24 -- s1\n}\n`;

    test('duplicate names: the pings run, but the exit status is 1 and stderr says why', () => {
        const all = nettopo(['ping', file('dup.net', duplicate.replace('ping B -> C', 'ping B -> R.eth0'))]);
        expect(all.stdout).toContain('holds');
        expect(all.stderr).toContain('[duplicate-name]');
        expect(all.stderr).toContain('nettopo: dup.net has errors (above), so the simulated network may not be the one written');
        expect(all.status).toBe(1);
        const one = nettopo(['ping', 'dup.net', 'B', 'R.eth0']);
        expect(one.stdout).toBe('64 bytes from 10.1.0.1: icmp_seq=1 ttl=64\n');
        expect(one.status).toBe(1);
    });

    test('refused routes alone do not make the pings untrustworthy (the kernel refuses them too)', () => {
        const run = nettopo([
            'ping',
            file('refused.net', oneWay.replace('  eth0 10.2.0.10/24 -- s2\n', '  eth0 10.2.0.10/24 -- s2\n  route 10.9.0.0/16 via 10.8.0.1\n')),
            'B',
            'R.eth1'
        ]);
        expect(run.stderr).toContain('[route-refused]');
        expect(run.status).toBe(0);
    });
});

describe('check --fix keeps every byte it does not change', () => {
    test('invalid UTF-8 in a comment, CRLF line breaks and a BOM survive; the new line is CRLF too', () => {
        const crlf = Buffer.from(oneWay.replace('switch s1\n', 'switch s1  # caf\u00e9 \n').replaceAll('\n', '\r\n'));
        // Latin-1 bytes and a truncated sequence inside the comment: invalid UTF-8.
        const comment = crlf.indexOf('caf') + 3;
        const original = Buffer.concat([
            Buffer.from([0xef, 0xbb, 0xbf]),
            crlf.subarray(0, comment),
            Buffer.from([0xe9, 0xff, 0xe2, 0x82]),
            crlf.subarray(comment)
        ]);
        const name = file('bytes.net', original);
        const run = nettopo(['check', '--fix', name]);
        expect(lines(run.stdout)).toEqual([`${name}: fixed: add \`route 10.1.0.0/24 via 10.2.0.1\` to C`, `${name}: 0 problems left`]);
        const after = readFileSync(join(dir, name));
        const anchor = original.indexOf('  eth0 10.2.0.10/24 -- s2') + '  eth0 10.2.0.10/24 -- s2'.length;
        const expected = Buffer.concat([original.subarray(0, anchor), Buffer.from(`\r\n${fixedLine}`), original.subarray(anchor)]);
        expect(after.equals(expected), `got ${JSON.stringify(after.toString('latin1'))}`).toBe(true);
    });

    test('a file with syntax errors is not fixed, and says so (a missing `}`)', () => {
        const text = oneWay.replace('  eth0 10.2.0.10/24 -- s2\n}\n', '  eth0 10.2.0.10/24 -- s2\n  route 10.3.0.0/24 via 10.2.0.1\n\n');
        const name = file('brace.net', text);
        // There is a fix to apply: it is the syntax that stops it.
        expect(nettopo(['check', '--json', name]).stdout).toContain(fixedLine.trim());
        const run = nettopo(['check', '--fix', name]);
        expect(run.status).toBe(1);
        expect(lines(run.stdout)[0]).toBe(
            `${name}: not fixed: it has syntax errors, and a fix placed after the parser's guess at a broken line could delete valid text: correct the syntax first`
        );
        expect(run.stdout).not.toContain('fixed: add');
        expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
        const json = nettopo(['check', '--fix', '--json', name]);
        expect(JSON.parse(lines(json.stdout)[0])).toMatchObject({ file: name, notFixed: expect.stringContaining('syntax errors') });
    });

    test('the file keeps its mode, a symbolic link stays a link to it, no temporary file is left', () => {
        const name = file('mode.net', oneWay);
        chmodSync(join(dir, name), 0o640);
        spawnSync('ln', ['-sf', name, join(dir, 'link.net')]);
        const run = nettopo(['check', '--fix', 'link.net']);
        expect(run.status, run.stderr).toBe(0);
        expect(statSync(join(dir, name)).mode & 0o777).toBe(0o640);
        expect(readFileSync(join(dir, name), 'utf8')).toContain(fixedLine);
        expect(readdirSync(dir).filter((entry) => entry.includes('nettopo-fix'))).toEqual([]);
        expect(spawnSync('readlink', [join(dir, 'link.net')], { encoding: 'utf8' }).stdout.trim()).toBe(name);
    });
});

const root_ = process.getuid?.() === 0;
const mayMount = root_ || Boolean(process.env.NETTOPO_REQUIRE_KERNEL);

describe.skipIf(!mayMount)(`check --fix on a full disk${root_ ? '' : ' (skipped: mounting a tmpfs needs root)'}`, () => {
    test('a tmpfs with no room left: "cannot write", the file intact, no "fixed:" line, no temporary file, exit 2', () => {
        expect(root_, 'NETTOPO_REQUIRE_KERNEL=1: this test must run as root').toBe(true);
        const disk = mkdtempSync(join(tmpdir(), 'nettopo-full-'));
        const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'nettopo-full', disk], { encoding: 'utf8' });
        expect(mounted.status, mounted.stderr).toBe(0);
        try {
            const name = join(disk, 'lab.net');
            writeFileSync(name, oneWay);
            fillDisk(join(disk, 'filler'));
            const run = nettopo(['check', '--fix', 'lab.net'], undefined, disk);
            expect(run.status).toBe(2);
            expect(lines(run.stderr)).toEqual(['nettopo: cannot write lab.net: no space left on the device; the file is unchanged']);
            expect(run.stdout).not.toContain('fixed:');
            expect(readFileSync(name, 'utf8')).toBe(oneWay);
            expect(readdirSync(disk).sort()).toEqual(['filler', 'lab.net']);
            // Room again: the same command fixes the file.
            rmSync(join(disk, 'filler'));
            expect(nettopo(['check', '--fix', 'lab.net'], undefined, disk).status).toBe(0);
            expect(readFileSync(name, 'utf8')).toContain(fixedLine);
        } finally {
            const unmounted = spawnSync('umount', [disk], { encoding: 'utf8' });
            rmSync(disk, { recursive: true, force: true });
            expect(unmounted.status, unmounted.stderr).toBe(0);
        }
    });
});

/** Writes to `path` until the file system has no byte left. */
function fillDisk(path: string): void {
    const fd = openSync(path, 'w');
    const block = Buffer.alloc(1024, 0x78);
    try {
        for (;;) writeSync(fd, block);
    } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
        closeSync(fd);
    }
    // The last partial block: byte by byte.
    const fd2 = openSync(path, 'a');
    try {
        for (;;) writeSync(fd2, block.subarray(0, 1));
    } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
        closeSync(fd2);
    }
}
