import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { grammarKeywords } from '../../language/src/lsp/net-rename-provider.js';
import { services } from './lsp-helpers.js';

/**
 * The hand-written TextMate grammar (syntaxes/): its patterns are plain regular expressions (no
 * Oniguruma-only syntax), every keyword of the Langium grammar is highlighted, and the build does
 * not overwrite it with the generated one.
 */
const root = join(import.meta.dirname, '../..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/net.tmLanguage.json'), 'utf8'));

interface Rule {
    match?: string;
    begin?: string;
    end?: string;
    patterns?: Rule[];
    name?: string;
    captures?: Record<string, { name: string }>;
    beginCaptures?: Record<string, { name: string }>;
}

const rules: [string, Rule][] = Object.entries(grammar.repository as Record<string, Rule>);
const regexes = (rule: Rule): string[] =>
    [rule.match, rule.begin, rule.end, ...(rule.patterns ?? []).flatMap(regexes)].filter((source): source is string => !!source);

/** The scope names a rule's `match` gives a line, by capture group. */
function scopes(name: string, line: string): Record<string, string> {
    const rule = grammar.repository[name] as Rule;
    const found = new RegExp(rule.match ?? rule.begin!).exec(line);
    expect(found, `${name} matches ${line}`).not.toBeNull();
    const captures = rule.captures ?? rule.beginCaptures ?? {};
    return Object.fromEntries(
        Object.entries(captures)
            .filter(([group]) => found![Number(group)] !== undefined)
            .map(([group, scope]) => [found![Number(group)], scope.name])
    );
}

test('every pattern is a valid regular expression', () => {
    for (const [, rule] of rules) for (const source of regexes(rule)) expect(() => new RegExp(source), source).not.toThrow();
});

test('every keyword of the language is highlighted', () => {
    // Word boundaries (`\\b`) out of the way, so that a keyword stands between non-letters.
    const all = rules
        .flatMap(([, rule]) => regexes(rule))
        .join('\n')
        .replaceAll('\\b', ' ');
    for (const keyword of grammarKeywords(services.Grammar)) expect(all, keyword).toMatch(new RegExp(`\\b${keyword}\\b`));
});

test('names take the scope of their role', () => {
    expect(scopes('import', 'import "sites/a.net"')).toEqual({
        import: 'keyword.control.import.nettopo',
        '"sites/a.net"': 'string.quoted.double.path.nettopo'
    });
    // An interface called `import` is no import line.
    expect(new RegExp(grammar.repository.import.match).exec('  import 10.0.0.1/24 -- lan')).toBeNull();
    expect(scopes('switch', 'switch lan1 192.168.1.0/24')).toEqual({
        switch: 'storage.type.switch.nettopo',
        lan1: 'entity.name.namespace.switch.nettopo',
        '192.168.1.0/24': 'constant.numeric.address.nettopo'
    });
    expect(scopes('node', '  router lab-gw {')).toEqual({ router: 'storage.type.node.nettopo', 'lab-gw': 'entity.name.type.node.nettopo' });
    expect(scopes('interface', '  eth0 10.0.0.1/24 -- lan')).toEqual({ eth0: 'variable.other.interface.declaration.nettopo' });
    expect(new RegExp(grammar.repository.interface.begin).test('  route default via 10.0.0.1')).toBe(false);
    expect(scopes('sysctl', '  sysctl net.ipv4.conf.eth0.rp_filter = 2')).toEqual({
        sysctl: 'keyword.control.sysctl.nettopo',
        'net.ipv4.conf.eth0.rp_filter': 'variable.other.sysctl-key.nettopo',
        '=': 'keyword.operator.assignment.nettopo',
        2: 'constant.numeric.integer.nettopo'
    });
    expect(scopes('names', '  hosts web.lab 198.18.0.80')).toEqual({
        hosts: 'keyword.control.names.nettopo',
        'web.lab': 'entity.name.tag.host-name.nettopo',
        '198.18.0.80': 'constant.numeric.address.nettopo'
    });
    expect(scopes('names', '  nameserver 198.18.0.53')).toEqual({
        nameserver: 'keyword.control.names.nettopo',
        '198.18.0.53': 'constant.numeric.address.nettopo'
    });
    expect(new RegExp(grammar.repository.interface.begin).test('  dns web.lab 198.18.0.80')).toBe(false);
    expect(scopes('defaults', 'defaults {')).toEqual({ defaults: 'storage.type.defaults.nettopo' });
    expect(scopes('routes-from', '  routes from "r1.routes"')).toEqual({
        routes: 'keyword.control.route.nettopo',
        from: 'keyword.other.route-option.nettopo',
        '"r1.routes"': 'string.quoted.double.path.nettopo'
    });
    expect(new RegExp(grammar.repository.interface.begin).test('  routes from "r1.routes"')).toBe(false);
    // An interface may be called `routes`.
    expect(scopes('interface', '  routes 10.0.0.1/24 -- lan')).toEqual({ routes: 'variable.other.interface.declaration.nettopo' });
    expect(new RegExp(grammar.repository.interface.begin).test('defaults {')).toBe(false);
    expect(new RegExp(grammar.repository.interface.begin).test('  defaults 198.18.0.1/24 -- lan')).toBe(true);
    const pingFrom = grammar.repository.ping.patterns.find((rule: Rule) => rule.name?.includes('ping-option'));
    expect(new RegExp(pingFrom.match).exec('ping a -> b from eth1')?.[0]).toBe('from');
    expect(new RegExp(pingFrom.match).exec('ping a -> b broadcast')?.[0]).toBe('broadcast');
    const pingCount = grammar.repository.ping.patterns.find((rule: Rule) => rule.match?.includes('(count)'));
    expect(new RegExp(pingCount.match).exec('ping a -> b count 3 broadcast')!.slice(1)).toEqual(['count', '3']);
    expect(Object.values(pingCount.captures).map((capture) => (capture as { name: string }).name)).toEqual([
        'keyword.other.ping-option.nettopo',
        'constant.numeric.count.nettopo'
    ]);
    expect(new RegExp(grammar.repository.interface.begin).test('  hosts 198.18.0.1/24 -- lan')).toBe(true);
    expect(scopes('shape', '  docker 198.19.0.1/16')).toEqual({ docker: 'storage.type.shape.nettopo', '198.19.0.1/16': 'constant.numeric.address.nettopo' });
    expect(scopes('shape', '  network backend 198.18.100.0/24')).toEqual({
        network: 'storage.type.shape.nettopo',
        backend: 'entity.name.namespace.network.nettopo',
        '198.18.100.0/24': 'constant.numeric.address.nettopo'
    });
    expect(scopes('container', 'container api on dockerhost.backend 198.18.100.9')).toEqual({
        container: 'storage.type.node.nettopo',
        api: 'entity.name.type.node.nettopo',
        on: 'keyword.other.on.nettopo',
        dockerhost: 'entity.name.type.node.nettopo',
        '.': 'punctuation.accessor.nettopo',
        backend: 'entity.name.namespace.network.nettopo',
        '198.18.100.9': 'constant.numeric.address.nettopo'
    });
    // As the parser reads them: `docker` with a cable, or `network` before an address, is an interface.
    for (const line of ['  docker', '  docker 198.19.0.1/16  # the daemon', '  network backend 198.18.100.0/24', 'container web on h'])
        expect(new RegExp(grammar.repository.interface.begin).test(line), line).toBe(false);
    for (const line of ['  docker 198.18.0.1/24 -- lan', '  network 198.18.0.1/24', '  docker -- lan'])
        expect(new RegExp(grammar.repository.interface.begin).test(line), line).toBe(true);
    expect(new RegExp(grammar.repository.shape.match).test('  docker 198.18.0.1/24 -- lan')).toBe(false);
    expect(scopes('shape', '  flannel 198.19.1.0/24')).toEqual({ flannel: 'storage.type.shape.nettopo', '198.19.1.0/24': 'constant.numeric.address.nettopo' });
    expect(scopes('container', 'pod web on node1')).toMatchObject({ pod: 'storage.type.node.nettopo', on: 'keyword.other.on.nettopo' });
    expect(new RegExp(grammar.repository.interface.begin).test('  flannel 198.19.1.0/24')).toBe(false);
    const link = grammar.repository.interface.patterns.find((rule: Rule) => rule.match?.startsWith('(--)'));
    expect(new RegExp(link.match).exec('-- B.eth1')!.slice(1)).toEqual(['--', 'B', '.', 'eth1']);
});

test('`down` at the end of an interface or bridge line is a keyword; elsewhere it is a name', () => {
    for (const name of ['interface', 'bridge']) expect(grammar.repository[name].patterns).toContainEqual({ include: '#link-state' });
    const word = (line: string) => new RegExp(grammar.repository['link-state'].match).exec(line)?.index;
    expect(word('  eth0 10.0.0.1/24 -- lan down')).toBe(26);
    expect(word('  bridge br0 10.0.0.1/24 down # for now')).toBe(25);
    expect(word('  eth0 10.0.0.1/24 -- down.eth0')).toBeUndefined();
    expect(word('  eth0 10.0.0.1/24 -- lan')).toBeUndefined();
    expect(scopes('link-state', '  eth0 -- lan down')).toEqual({ down: 'keyword.other.link-state.nettopo' });
});

test('the build leaves the hand-written grammar alone', () => {
    const config = JSON.parse(readFileSync(join(root, 'langium-config.json'), 'utf8'));
    expect(config.languages[0].textMate).toBeUndefined();
    expect(grammar.comment).toMatch(/by hand/);
});
