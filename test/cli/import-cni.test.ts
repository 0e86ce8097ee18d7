import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root, runNettopo, scratchFolder } from './cli-process.js';

/**
 * `nettopo import cni FILE --host NAME --container C...`, the real CLI process on the built bundle:
 * the .net on standard output or in OUT, the problems as FILE:LINE on standard error, nothing
 * printed or written with an error, and the options each kind takes.
 */
const scratch = scratchFolder('nettopo-import-cni-');

const nettopo = (...args: string[]) => runNettopo(args);

describe('nettopo import cni', () => {
    test('the bridge example, two containers in the order given, the host named', () => {
        const run = nettopo('import', 'cni', 'test/fixtures/cni/mynet.conf', '--host', 'node1', '--container', 'web', '--container', 'db');
        expect(run.status).toBe(0);
        // What `--host node1 --container web --container db` imports, as the file says (the extension-host test reads it too).
        expect(run.stdout).toBe(readFileSync(join(root, 'test/fixtures/cni/mynet.imported.net'), 'utf8'));
        expect(run.stderr).toBe(
            'test/fixtures/cni/mynet.conf:9: warning: `"hairpinMode"`: not modelled: a packet sent back out of the port it came in by needs a DNAT (portmap), which is not modelled\n'
        );
    });

    test('-o writes the file; with an error nothing is printed or written (status 1)', () => {
        const out = join(scratch(), 'lab.net');
        expect(nettopo('import', 'cni', 'test/fixtures/cni/lab-ptp.conflist', '--container', 'a', '-o', out).status).toBe(0);
        expect(readFileSync(out, 'utf8')).toContain('router host {\n  veth0 198.18.10.1/32 -- a.eth0\n');
        const bad = join(scratch(), 'bad.conflist');
        writeFileSync(bad, '{ "name": "n", "plugins": [{ "type": "macvlan" }] }\n');
        const failed = join(scratch(), 'failed.net');
        const run = nettopo('import', 'cni', bad, '--container', 'a', '-o', failed);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(`${bad}:1: error: \`"type"\`: the plugin type macvlan is not imported`);
        expect(run.stderr).toContain(`nettopo: ${bad} was not imported (${failed} not written): fix the errors above`);
        expect(existsSync(failed)).toBe(false);
    });

    test('bad usage: no container, a name twice, cni options on another kind (status 2)', () => {
        const none = nettopo('import', 'cni', 'test/fixtures/cni/mynet.conf');
        expect([none.status, none.stdout]).toEqual([2, '']);
        expect(none.stderr).toContain('name at least one container (--container NAME)');
        expect(nettopo('import', 'cni', 'test/fixtures/cni/mynet.conf', '--container', 'host').stderr).toContain("'host' is named twice");
        const commands = nettopo('import', 'commands', 'examples/18-namespaces.sh', '--container', 'a');
        expect(commands.status).toBe(2);
        expect(commands.stderr).toContain('--container goes with cni, not commands');
    });
});
