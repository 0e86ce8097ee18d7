import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { root, runNettopo, scratchFolder, type Run } from './cli-process.js';

/**
 * The CLI on a lab of three files (test/fixtures/lab-imports: main.net imports sites/left.net and
 * sites/right.net), as users run it: a real process on the built bundle, reading the imports from disk.
 */
const scratch = scratchFolder('nettopo-imports-cli-');

beforeAll(() => {
    cpSync(join(root, 'test/fixtures/lab-imports'), join(scratch(), 'lab'), { recursive: true });
});

function nettopo(...args: string[]): Run {
    return runNettopo(args, { cwd: scratch() });
}

/** A copy of the lab with one file's text changed (`edit` on it), in a folder of its own. */
function variant(name: string, file: string, edit: (text: string) => string): string {
    const folder = join(scratch(), name);
    cpSync(join(root, 'test/fixtures/lab-imports'), folder, { recursive: true });
    writeFileSync(join(folder, file), edit(readFileSync(join(folder, file), 'utf8')));
    return name;
}

describe('a lab over three files', () => {
    test('check follows the imports: a clean lab, exit 0', () => {
        expect(nettopo('check', 'lab/main.net')).toEqual({ status: 0, stdout: '', stderr: '' });
    });

    test('ping runs the pings across the files', () => {
        const run = nettopo('ping', 'lab/main.net');
        expect(run.stdout).toBe(
            'ping l1 -> r1 (10.2.0.10): expects a reply, holds\n  64 bytes from 10.2.0.10: icmp_seq=1 ttl=61\n' +
                'ping r1 -> l1 (10.1.0.10): expects a reply, holds\n  64 bytes from 10.1.0.10: icmp_seq=1 ttl=61\n'
        );
        expect(run.status).toBe(0);
        const one = nettopo('ping', 'lab/main.net', 'l1', 'right.lan0', '--json');
        expect(JSON.parse(one.stdout)).toMatchObject({
            source: 'l1',
            target: '10.2.0.1',
            reply: true,
            path: ['l1', 'left', 'core', 'right', 'core', 'left', 'l1']
        });
    });

    test('routes of a node of an imported file', () => {
        const run = nettopo('routes', 'lab/main.net', 'left');
        expect(run.stdout).toBe(
            'default via 10.0.0.1 dev wan0 \n10.0.0.0/30 dev wan0 proto kernel scope link src 10.0.0.2 \n10.1.0.0/24 dev lan0 proto kernel scope link src 10.1.0.1 \n'
        );
    });

    test('export builds every file of the lab', () => {
        const run = nettopo('export', 'lab/main.net', '--format', 'netns');
        expect(run.status).toBe(0);
        for (const node of ['core', 'left', 'l1', 'right', 'r1']) expect(run.stdout).toContain(`netns add 'nt-n-${node}'`);
    });

    test('an error in an imported file is printed as that FILE:LINE', () => {
        const name = variant('bad-address', 'sites/right.net', (text) => text.replace('10.2.0.10/24', '10.2.0.300/24'));
        const run = nettopo('check', `${name}/main.net`);
        // Imports first, each problem in the file that holds it: r1's address in right.net, the ping lines in main.net.
        expect(
            run.stdout
                .split('\n')
                .filter(Boolean)
                .map((line) => line.replace(/: .*\[/, ' ['))
        ).toEqual([
            `${name}/sites/right.net:9:6 [unreachable-destination]`,
            `${name}/sites/right.net:10:8 [invalid-address]`,
            `${name}/sites/right.net:11:3 [route-refused]`,
            `${name}/main.net:12:12 [ping-target-no-address]`,
            `${name}/main.net:13:1 [ping-expectation]`
        ]);
        expect(run.status).toBe(1);
        // ping says the same on standard error, and does not trust the result.
        expect(nettopo('ping', `${name}/main.net`).stderr).toContain(`${name}/sites/right.net:10:8: error:`);
    });

    test('a missing file and a cycle: errors on the import lines', () => {
        const missing = variant('missing', 'main.net', (text) => text.replace('sites/right.net', 'sites/gone.net'));
        const run = nettopo('check', `${missing}/main.net`);
        expect(run.stdout).toContain(
            `${missing}/main.net:3:8: error: cannot import "sites/gone.net": no such file (${join(scratch(), missing, 'sites/gone.net')}) [import-unreadable]`
        );
        const cycle = variant('cycle', 'sites/left.net', (text) => `import "../main.net"\n${text}`);
        const lines = nettopo('check', `${cycle}/main.net`)
            .stdout.split('\n')
            .filter((line) => line.includes('[import-cycle]'));
        expect(lines).toEqual([
            `${cycle}/sites/left.net:1:8: error: import cycle: left.net imports ../main.net, ../main.net imports left.net; a lab's files must not import each other round in a circle [import-cycle]`,
            `${cycle}/main.net:2:8: error: import cycle: main.net imports sites/left.net, sites/left.net imports main.net; a lab's files must not import each other round in a circle [import-cycle]`
        ]);
    });

    test('a folder: each file once, imported files within their importer', () => {
        const name = variant('folder', 'sites/right.net', (text) => text.replace('10.2.0.10/24', '10.2.0.300/24'));
        writeFileSync(join(scratch(), name, 'sites/alone.net'), 'host alone {\n  eth0 10.9.0.1/24 -- nowhere\n}\n');
        const run = nettopo('check', join(name, 'sites'));
        // In the folder sites/, nothing imports left.net or right.net: each is its own entry.
        const at = (text: string) =>
            text
                .split('\n')
                .filter(Boolean)
                .map((line) => line.replace(/: .*\[/, ' ['));
        expect(at(run.stdout)).toEqual([
            `${name}/sites/alone.net:2:23 [linking-error]`,
            `${name}/sites/left.net:6:3 [gateway-not-owned]`,
            `${name}/sites/right.net:6:3 [gateway-not-owned]`,
            `${name}/sites/right.net:10:8 [invalid-address]`,
            `${name}/sites/right.net:11:3 [route-refused]`
        ]);
        // The whole folder: main.net imports both sites, so they are checked in its lab (where their routes' gateways answer).
        expect(at(nettopo('check', name).stdout)).toEqual([
            `${name}/main.net:12:12 [ping-target-no-address]`,
            `${name}/main.net:13:1 [ping-expectation]`,
            `${name}/sites/right.net:9:6 [unreachable-destination]`,
            `${name}/sites/right.net:10:8 [invalid-address]`,
            `${name}/sites/right.net:11:3 [route-refused]`
        ]);
    });

    test('--json: a cause in one file, the lines it relates to in the others, each with its file', () => {
        const name = variant('json', 'sites/right.net', (text) => text.replace('router right', 'host right'));
        const [cause] = nettopo('check', '--json', `${name}/main.net`)
            .stdout.split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { file: string; line: number; code: string; related: { file: string; line: number }[] });
        expect([cause.file, cause.line, cause.code]).toEqual([`${name}/sites/right.net`, 3, 'unreachable-destination']);
        expect(cause.related.map((entry) => `${entry.file}:${entry.line}`)).toEqual([
            `${name}/sites/right.net:11`,
            `${name}/main.net:9`,
            `${name}/sites/left.net:6`,
            `${name}/sites/left.net:11`,
            `${name}/main.net:12`,
            `${name}/main.net:13`
        ]);
    });

    test("expand writes out this file's shapes, a container on a host of an imported file among them", () => {
        writeFileSync(join(scratch(), 'docker-host.net'), 'switch lan\nhost dh {\n  eth0 10.0.0.1/24 -- lan\n  docker\n}\n');
        writeFileSync(join(scratch(), 'web.net'), 'import "docker-host.net"\ncontainer web on dh\n');
        expect(nettopo('expand', 'web.net').stdout).toBe(
            'import "docker-host.net"\nhost web {\n  eth0 172.17.0.2/16 -- dh.docker0\n  route default via 172.17.0.1\n}\n'
        );
    });

    test('--fix does not rewrite a file that imports others', () => {
        const run = nettopo('check', '--fix', 'lab/main.net');
        expect(run.stdout).toContain('lab/main.net: not fixed: it imports other files');
    });
});
