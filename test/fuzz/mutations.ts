import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Dice, randomTopology } from '../kernel/random-topology.js';
import { faultLab, type LabShape } from '../support/fault-labs.js';
import { prng } from '../support/prng.js';

/**
 * Grammar-aware mutations of `.net` files, seeded: case N is the same file on every machine. The
 * bases are the examples and generated labs (random topologies, fault labs); each case applies one
 * to four mutations that know the language's tokens (swap, delete or duplicate tokens and lines,
 * insert keywords, addresses, numbers and braces, rename interfaces to ip keywords), and some work
 * on the bytes (bit flips, invalid UTF-8 in comments, CRLF, a BOM).
 */

export interface FuzzCase {
    readonly seed: number;
    /** Where it came from and what was done to it, to reproduce a failure by hand. */
    readonly description: string;
    readonly bytes: Buffer;
}

/** The repository: above this file in test/fuzz/, or above out/ when bundled into out/fuzz.js. */
export const REPO_ROOT = ((): string => {
    let dir = import.meta.dirname;
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
})();

const examplesDir = join(REPO_ROOT, 'examples');
const examples = readdirSync(examplesDir)
    .filter((file) => file.endsWith('.net'))
    .sort()
    .map((file) => ({ name: file, text: readFileSync(join(examplesDir, file), 'utf8') }));

const KEYWORDS = [
    'switch',
    'host',
    'router',
    'route',
    'via',
    'dev',
    'metric',
    'sysctl',
    'ping',
    'fails',
    'default',
    'blackhole',
    'unreachable',
    'prohibit',
    '->',
    '--',
    '=',
    '.',
    ','
];
const IP_KEYWORDS = ['up', 'type', 'name', 'help', 'master', 'link', 'netns', 't', 'mtu', 'peer'];
const ADDRESSES = [
    '198.18.0.1',
    '198.18.1.0/24',
    '01.2.3.4',
    '300.1.1.1',
    '1.2.3.4/33',
    '0.0.0.0',
    '0.0.0.0/0',
    '224.0.0.1',
    '255.255.255.255',
    '127.0.0.1/8',
    '10.0.0.1/32',
    '1.2.3.4/0'
];
const NUMBERS = ['0', '1', '2', '4294967295', '4294967296', '99999999999999999999', '-1', '007'];
const SYSCTLS = [
    'sysctl net.ipv4.ip_forward = 1',
    'sysctl net.ipv4.conf.all.rp_filter = 2',
    'sysctl net.ipv4.no_such = 1',
    'sysctl kernel.x = 3',
    'sysctl net.ipv4.conf.eth0.rp_filter = 9'
];
const TOKEN = /#[^\r\n]*|\r?\n|[ \t]+|\d+\.\d+\.\d+\.\d+(?:\/\d+)?|[A-Za-z_][A-Za-z0-9_-]*|\d+|->|--|[^]/g;

type TextMutation = (tokens: string[], dice: Dice) => string;
type ByteMutation = (bytes: Buffer, dice: Dice) => Buffer;

/** Positions of the tokens that are not white space (the ones worth mutating). */
const solid = (tokens: readonly string[]) => tokens.map((token, index) => (/^[ \t]+$/.test(token) ? -1 : index)).filter((index) => index >= 0);

const TEXT_MUTATIONS: Record<string, TextMutation> = {
    'swap tokens': (tokens, dice) => {
        const indices = solid(tokens);
        const [a, b] = [dice.pick(indices), dice.pick(indices)];
        [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
        return `${a}<->${b}`;
    },
    'delete a token': (tokens, dice) => {
        const index = dice.pick(solid(tokens));
        tokens.splice(index, 1);
        return String(index);
    },
    'duplicate a token': (tokens, dice) => {
        const index = dice.pick(solid(tokens));
        tokens.splice(index, 0, tokens[index], ' ');
        return String(index);
    },
    'insert a keyword': (tokens, dice) => insert(tokens, dice, dice.pick(KEYWORDS)),
    'insert an address': (tokens, dice) => insert(tokens, dice, dice.pick(ADDRESSES)),
    'insert a number': (tokens, dice) => insert(tokens, dice, dice.pick(NUMBERS)),
    'insert a brace': (tokens, dice) => insert(tokens, dice, dice.pick(['{', '}', '{\n', '}\n'])),
    'insert a sysctl line': (tokens, dice) => insert(tokens, dice, `\n  ${dice.pick(SYSCTLS)}\n`),
    'replace a name with an ip keyword': (tokens, dice) => {
        const names = tokens.map((token, index) => (/^(eth|wan|lan)\d*$/.test(token) ? index : -1)).filter((index) => index >= 0);
        if (names.length === 0) return 'none';
        const word = dice.pick(IP_KEYWORDS);
        const name = tokens[dice.pick(names)];
        // Every use of the name, so that the file stays consistent and reaches export.
        for (let index = 0; index < tokens.length; index++) if (tokens[index] === name) tokens[index] = word;
        return `${name}->${word}`;
    },
    'duplicate a line': (tokens, dice) => lines(tokens, dice, (all, index) => all.splice(index, 0, all[index])),
    'delete a line': (tokens, dice) => lines(tokens, dice, (all, index) => all.splice(index, 1)),
    'swap lines': (tokens, dice) =>
        lines(tokens, dice, (all, index) => {
            const other = dice.int(0, all.length - 1);
            [all[index], all[other]] = [all[other], all[index]];
        })
};

const BYTE_MUTATIONS: Record<string, ByteMutation> = {
    'flip a bit': (bytes, dice) => {
        if (bytes.length === 0) return bytes;
        const copy = Buffer.from(bytes);
        copy[dice.int(0, copy.length - 1)] ^= 1 << dice.int(0, 7);
        return copy;
    },
    'invalid UTF-8 in a comment': (bytes, dice) => {
        const junk = Buffer.from(dice.pick([[0xff], [0xe9, 0x20, 0xe2, 0x82], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98, 0x80]]));
        const hash = bytes.indexOf('#');
        if (hash >= 0) return Buffer.concat([bytes.subarray(0, hash + 1), junk, bytes.subarray(hash + 1)]);
        return Buffer.concat([Buffer.from('# '), junk, Buffer.from('\n'), bytes]);
    },
    'CRLF line breaks': (bytes) => Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
    'a BOM': (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])
};

function insert(tokens: string[], dice: Dice, word: string): string {
    const index = dice.int(0, tokens.length);
    tokens.splice(index, 0, ' ', word, ' ');
    return `${JSON.stringify(word)}@${index}`;
}

/** A line-level mutation over the tokens (re-split into lines and back). */
function lines(tokens: string[], dice: Dice, change: (all: string[], index: number) => void): string {
    const all = tokens.join('').split('\n');
    const index = dice.int(0, all.length - 1);
    change(all, index);
    tokens.splice(0, tokens.length, ...tokenize(all.join('\n')));
    return String(index);
}

function tokenize(text: string): string[] {
    return text.match(TOKEN) ?? [];
}

/** The text a case starts from: an example, a random topology or a fault lab. */
function base(seed: number, dice: Dice): { name: string; text: string } {
    const kind = seed % 3;
    if (kind === 0) return dice.pick(examples);
    if (kind === 1) return { name: `randomTopology(${seed})`, text: randomTopology(seed) };
    const shape = dice.pick<LabShape>(['star', 'mesh', 'chain']);
    // A star's faults are missing defaults (its core holds the LAN routes); the others' missing routes.
    const faults =
        shape === 'star'
            ? { 'missing-default': dice.int(0, 1), 'forwarding-off': dice.int(0, 1) }
            : { 'missing-route': dice.int(0, 1), 'forwarding-off': dice.int(0, 1) };
    const options = { shape, lans: dice.int(4, 6), hostsPerLan: dice.int(1, 3), faults, seed };
    return { name: `faultLab(${JSON.stringify(options)})`, text: faultLab(options).text };
}

/** Fuzz case number `seed`: a base file and one to four mutations (now and then none, so that fixes get applied). */
export function fuzzCase(seed: number): FuzzCase {
    const dice = new Dice(prng(seed * 2654435761));
    const start = base(seed, dice);
    const tokens = tokenize(start.text);
    const done: string[] = [];
    const count = dice.chance(0.1) ? 0 : dice.int(1, 4);
    const textNames = Object.keys(TEXT_MUTATIONS);
    const byteNames = Object.keys(BYTE_MUTATIONS);
    const byteSteps: string[] = [];
    for (let step = 0; step < count; step++) {
        if (dice.chance(0.25)) byteSteps.push(dice.pick(byteNames));
        else {
            const name = dice.pick(textNames);
            if (tokens.length > 0) done.push(`${name} ${TEXT_MUTATIONS[name](tokens, dice)}`);
        }
    }
    let bytes: Buffer = Buffer.from(tokens.join(''), 'utf8');
    for (const name of byteSteps) {
        bytes = BYTE_MUTATIONS[name](bytes, dice);
        done.push(name);
    }
    return { seed, description: `${start.name}: ${done.join('; ') || 'unchanged'}`, bytes };
}
