import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';

/** Labs over many files: `import "PATH.net"` (texts of one load, in memory). */

/** Each file's diagnostics as `FILE:LINE code: message` (1-based lines), imports first, the entry last. */
function problems(file: LoadedFile): string[] {
    return file.files.flatMap((source) => {
        const name = source.document.uri.path.split('/').pop();
        return source.diagnostics.map((diagnostic: Diagnostic) => {
            const code = diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code;
            return `${name}:${diagnostic.range.start.line + 1} ${code}: ${diagnostic.message}`;
        });
    });
}

const siteB = `switch lan-b 10.0.2.0/24
router rb {
  lan0 10.0.2.1/24 -- lan-b
  wan0 10.0.0.2/30
  route default via 10.0.0.1
}
host b1 {
  eth0 10.0.2.10/24 -- lan-b
  route default via 10.0.2.1
}
`;

const core = `import "site-b.net"
switch lan-a 10.0.1.0/24
router ra {
  lan0 10.0.1.1/24 -- lan-a
  wan0 10.0.0.1/30 -- rb.wan0
  route 10.0.2.0/24 via 10.0.0.2
}
host a1 {
  eth0 10.0.1.10/24 -- lan-a
  route default via 10.0.1.1
}
ping a1 -> b1
ping b1 -> a1
`;

describe('scope and the lab model', () => {
    test("an import brings the file's nodes and switches in: a cable and pings cross files", async () => {
        const file = await loadNetText(core, 'core.net', { 'site-b.net': siteB });
        expect(problems(file)).toEqual([]);
        expect(file.files.map((source) => source.document.uri.path.split('/').pop())).toEqual(['site-b.net', 'core.net']);
        expect(file.topology.nodes.map((node) => node.name)).toEqual(['rb', 'b1', 'ra', 'a1']);
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual([
            ['64 bytes from 10.0.2.10: icmp_seq=1 ttl=62'],
            ['64 bytes from 10.0.1.10: icmp_seq=1 ttl=62']
        ]);
    });

    test('imports are transitive, paths relative to the importing file', async () => {
        const file = await loadNetText('import "sites/b.net"\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\nping a -> c\n', 'a.net', {
            'sites/b.net': 'import "../shared/c.net"\n',
            'shared/c.net': 'switch lan\nhost c {\n  eth0 10.0.0.3/24 -- lan\n}\n'
        });
        expect(problems(file)).toEqual([]);
        expect(file.pingRuns[0].result.lines).toEqual(['64 bytes from 10.0.0.3: icmp_seq=1 ttl=64']);
    });

    test("a file sees what it imports, not its importer's names", async () => {
        const file = await loadNetText('import "b.net"\nswitch lan\n', 'a.net', { 'b.net': 'host b {\n  eth0 10.0.0.2/24 -- lan\n}\n' });
        expect(problems(file)).toEqual(["b.net:2 linking-error: unknown switch or interface (NODE.IFNAME) 'lan'"]);
    });

    test('a file imported twice (a diamond) is one file of the lab', async () => {
        const file = await loadNetText('import "b.net"\nimport "c.net"\nping b -> c\n', 'a.net', {
            'b.net': 'import "lan.net"\nhost b {\n  eth0 10.0.0.2/24 -- lan\n}\n',
            'c.net': 'import "lan.net"\nhost c {\n  eth0 10.0.0.3/24 -- lan\n}\n',
            'lan.net': 'switch lan\n'
        });
        expect(problems(file)).toEqual([]);
        expect(file.files).toHaveLength(4);
        expect(file.pingRuns[0].holds).toBe(true);
    });
});

describe('names are global across a lab', () => {
    test('a name defined in an imported file and again in the importer: the error is at the second, in the importer', async () => {
        const file = await loadNetText('import "b.net"\nhost r1 {\n  eth0 10.0.0.9/24\n}\n', 'a.net', { 'b.net': 'router r1 {\n  eth0 10.0.0.1/24\n}\n' });
        expect(problems(file)).toEqual(["a.net:2 duplicate-name: duplicate name 'r1': a router in b.net already has it"]);
        expect(file.topology.nodes.map((node) => `${node.name} ${node.kind}`)).toEqual(['r1 router']);
    });

    test('two imported files defining one name: the error is in the later one', async () => {
        const file = await loadNetText('import "b.net"\nimport "c.net"\n', 'a.net', { 'b.net': 'switch s1\n', 'c.net': 'switch s1\n' });
        expect(problems(file)).toEqual(["c.net:1 duplicate-name: duplicate name 's1': a switch in b.net already has it"]);
    });
});

describe('import errors are on the import line', () => {
    test('a missing file: named, and why', async () => {
        const file = await loadNetText('import "nowhere.net"\nswitch lan\n', 'a.net');
        const [problem] = problems(file);
        expect(problem).toMatch(/^a\.net:1 import-unreadable: cannot import "nowhere\.net": there is no file system to read it from here/);
        expect(problem).toContain('nowhere.net)');
    });

    test('a cycle: each import line that closes it, with the files round it', async () => {
        const file = await loadNetText('import "b.net"\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\nping a -> b\n', 'a.net', {
            'b.net': 'import "c.net"\nhost b {\n  eth0 10.0.0.2/24 -- lan\n}\n',
            'c.net': 'import "a.net"\nswitch lan\n'
        });
        const cycle = "; a lab's files must not import each other round in a circle";
        expect(problems(file)).toEqual([
            `c.net:1 import-cycle: import cycle: c.net imports a.net, a.net imports b.net, b.net imports c.net${cycle}`,
            `b.net:1 import-cycle: import cycle: b.net imports c.net, c.net imports a.net, a.net imports b.net${cycle}`,
            `a.net:1 import-cycle: import cycle: a.net imports b.net, b.net imports c.net, c.net imports a.net${cycle}`
        ]);
        // The lab is still every file once: the ping runs.
        expect(file.pingRuns[0].holds).toBe(true);
    });

    test('a file importing itself', async () => {
        const file = await loadNetText('import "a.net"\n', 'a.net');
        expect(problems(file)).toEqual(["a.net:1 import-cycle: a.net imports itself; a lab's files must not import each other round in a circle"]);
    });

    test('an import below other statements', async () => {
        const file = await loadNetText('switch lan\nimport "b.net"\n', 'a.net', { 'b.net': 'switch wan\n' });
        expect(problems(file)).toEqual(['a.net:2 import-placement: an import goes at the top of the file, before every other statement']);
    });
});

describe('each finding in the file that holds its cause', () => {
    test('a file two entries import: its findings from both labs, each once', async () => {
        const shared = 'host b {\n  eth0 10.0.0.2/24\n  route default via 10.0.0.1\n}\n';
        const file = await loadNetText('import "b.net"\n', 'a.net', { 'b.net': shared, 'c.net': 'import "b.net"\nswitch other\n' });
        // a.net and c.net are entries (nothing imports them); b.net is in both labs.
        expect(problems(file)).toEqual([
            'b.net:3 gateway-not-owned: no interface on the link of b.eth0 owns 10.0.0.1: ARP for the gateway gets no answer, so packets on this route are lost'
        ]);
    });

    test("pings in core.net lost at a router of site-b.net: the ping lines say what happens, site-b.net's line has the cause", async () => {
        const file = await loadNetText(core, 'core.net', { 'site-b.net': siteB.replace('router rb', 'host rb') });
        const found = problems(file).map((line) => line.split(':').slice(0, 2).join(':'));
        expect(found).toEqual([
            'site-b.net:2 unreachable-destination',
            'site-b.net:9 gateway-not-forwarding',
            'core.net:6 gateway-not-forwarding',
            'core.net:10 unreachable-destination',
            'core.net:12 ping-expectation',
            'core.net:13 ping-expectation'
        ]);
        // The cause (rb's forwarding) is reported once, at rb, with its fix: an edit of site-b.net.
        const [cause] = file.files[0].diagnostics;
        expect(cause.message).toMatch(/^rb does not forward packets/);
        const [fix] = (cause.data as { fixes: { edits: { newText: string }[] }[] }).fixes;
        expect(fix.edits.map((edit) => edit.newText.trim())).toEqual(['sysctl net.ipv4.ip_forward = 1']);
        // A diagnostic of core.net carries no edit of another file.
        const edits = file.files[1].diagnostics.flatMap((diagnostic) => (diagnostic.data as { fixes?: unknown[] }).fixes ?? []);
        expect(edits).toEqual([]);
    });
});
