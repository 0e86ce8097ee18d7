import { runScript, sysctl, type ImportResult } from './commands-import.js';
import type { Origin } from './import-problem.js';
import { labTopology, LabState, type Namespace } from './lab-state.js';
import { readEtcFile } from './netns-files.js';

/**
 * `nettopo import kathara DIR`: a Kathará lab (lab.conf, the machines' .startup files, the files
 * copied into each machine) as Kathará deploys it, run in the mind. Every machine is a node with
 * what Kathará gives each container before its startup file runs (DockerMachine.py): its
 * interfaces eth0, eth1, ... plugged into their collision domains (each domain a switch of its
 * name) and up (Docker's libnetwork sets a container's interface up as it moves it in), and
 * net.ipv4.ip_forward=1 (so every machine is a `router`; rp_filter 0 and icmp_ratelimit 0 are the
 * language's defaults already). Then, as Kathará runs them: the lab.conf sysctls (at creation),
 * shared.startup, MACHINE.startup, and the lab.conf `exec` commands.
 */

/** A Kathará lab as read from its folder. */
export interface KatharaLab {
    /** The folder as the user named it, for messages (`DIR/lab.conf:3`). */
    readonly dir: string;
    /**
     * Every file under the folder, by its path relative to it (`/` between parts), with its text
     * when it is one the import reads: lab.conf, lab.dep, *.startup, MACHINE/etc/hosts and
     * MACHINE/etc/resolv.conf.
     */
    readonly files: ReadonlyMap<string, string | undefined>;
}

/** The files of a lab folder whose text the import reads (the CLI reads only these). */
export function isReadLabFile(path: string): boolean {
    return path === 'lab.conf' || /^[^/]+\.startup$/.test(path) || /^[^/]+\/etc\/(hosts|resolv\.conf)$/.test(path);
}

/** lab.conf's lab metadata (Kathará's LAB_METADATA): into the imported file's header. */
const METADATA = ['LAB_NAME', 'LAB_DESCRIPTION', 'LAB_VERSION', 'LAB_AUTHOR', 'LAB_EMAIL', 'LAB_WEB'];
/** Machine options that change nothing the language models: each is warned about. */
const NOT_MODELLED: Record<string, string> = {
    image: 'the image (its software) is not modelled, only the network its startup file configures',
    mem: 'memory limits are not modelled',
    cpus: 'CPU limits are not modelled',
    shell: 'the shell used for terminals changes nothing nettopo models',
    num_terms: 'terminals change nothing nettopo models',
    env: 'environment variables change nothing nettopo models',
    ulimit: 'ulimits change nothing nettopo models',
    port: 'ports published on the host are outside the lab',
    volume: 'volumes are not modelled',
    privileged: 'privileges change nothing nettopo models',
    bridged: "the extra interface on the host's Docker bridge is outside the lab and not modelled"
};
/** Files Kathará reads beside lab.conf that the import does not model, and why. */
const IGNORED_FILES: Record<string, string> = {
    'lab.dep': 'the order machines start in changes nothing nettopo models',
    'lab.ext': "external interfaces (the host's own networks) are outside the lab and not modelled"
};

interface Machine {
    readonly name: string;
    /** Its first lab.conf line: where Kathará creates it. */
    readonly origin: Origin;
    readonly namespace: Namespace;
    /** Collision domain by interface number, with the lab.conf line that plugs it. */
    readonly interfaces: Map<number, { readonly domain: string; readonly origin: Origin }>;
    readonly sysctls: { readonly assignment: string; readonly origin: Origin }[];
    readonly exec: { readonly command: string; readonly origin: Origin }[];
}

export function importKathara(lab: KatharaLab): ImportResult {
    // The root namespace is no machine: its name can be none of theirs (lab.conf's names are [a-z0-9_]).
    const state = new LabState('');
    const confPath = `${lab.dir}/lab.conf`;
    const conf = lab.files.get('lab.conf');
    if (conf === undefined) {
        state.error({ file: confPath, line: 0, command: '' }, 'there is no lab.conf: a Kathará lab is a folder with a lab.conf');
        return { topology: labTopology(state), problems: state.problems, header: [] };
    }
    const header: string[] = [];
    const machines = readLabConf(state, conf, confPath, header);
    for (const machine of machines.values()) {
        const numbers = [...machine.interfaces.keys()].sort((a, b) => a - b);
        const gap = numbers.findIndex((number, index) => number !== index);
        if (gap >= 0) {
            state.error(
                machine.interfaces.get(numbers[gap])!.origin,
                `${machine.name} has eth${numbers[gap]} but no eth${gap}: Kathará numbers a machine's interfaces from 0 without gaps`
            );
        }
        for (const number of numbers) {
            const { domain, origin } = machine.interfaces.get(number)!;
            state.domains.add(domain);
            state.addDevice(machine.namespace, { name: `eth${number}`, kind: 'cable', domain, origin }).up = true;
        }
    }
    for (const { name, origin } of machines.values()) {
        if (state.domains.has(name)) state.error(origin, `${name} is both a machine and a collision domain: nettopo's names are one per thing`);
    }
    for (const machine of machines.values()) {
        const { namespace } = machine;
        namespace.sysctls.push({ key: 'net.ipv4.ip_forward', value: 1, origin: machine.origin });
        for (const { assignment, origin } of machine.sysctls) sysctl(state, namespace, origin, [assignment]);
        for (const script of ['shared.startup', `${machine.name}.startup`]) {
            const text = lab.files.get(script);
            if (text !== undefined) runScript(state, namespace, text, `${lab.dir}/${script}`);
        }
        for (const { command, origin } of machine.exec) runScript(state, namespace, command, origin.file, origin.line);
        readMachineFiles(state, lab, machine);
    }
    readOtherFiles(state, lab, machines);
    return { topology: labTopology(state), problems: state.problems, header };
}

/** lab.conf's lines, as Kathará's LabParser reads them: `MACHINE[ARG]=VALUE` (VALUE maybe quoted), LAB_* metadata, comments. */
function readLabConf(state: LabState, text: string, file: string, header: string[]): Map<string, Machine> {
    const machines = new Map<string, Machine>();
    text.split('\n').forEach((raw, index) => {
        const line = raw.trim();
        const origin: Origin = { file, line: index + 1, command: line };
        if (line === '' || line.startsWith('#')) return;
        const metadata = METADATA.find((key) => line.startsWith(`${key}=`));
        if (metadata) {
            header.push(`${metadata.slice(4).toLowerCase()}: ${unquote(line.slice(metadata.length + 1).trim())}`);
            return;
        }
        const match = /^([a-z0-9_]{1,30})\[(\w+)\]=(["']?)([^"']+)\3(\s+#.*)?$/.exec(line);
        if (!match) return state.error(origin, 'not a lab.conf line: write MACHINE[N]=DOMAIN, MACHINE[OPTION]=VALUE or LAB_...=VALUE');
        const [, name, arg, , value] = match;
        if (name === 'shared' || name === '_test') return state.error(origin, `${name} is a name Kathará keeps for itself, not a machine's`);
        let machine = machines.get(name);
        if (!machine && !state.nameFits(origin, 'machine', name)) return;
        if (!machine) {
            machine = { name, origin, namespace: state.addNamespace(name, false, true), interfaces: new Map(), sysctls: [], exec: [] };
            machines.set(name, machine);
        }
        if (/^\d+$/.test(arg)) {
            const plug = /^(\w+)(\/[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5})?$/.exec(value);
            if (!plug) return state.error(origin, `collision domain ${value}: Kathará's are DOMAIN or DOMAIN/MAC, with letters, digits and _ in DOMAIN`);
            if (machine.interfaces.has(Number(arg))) return state.error(origin, `${name} already has eth${Number(arg)} (Kathará refuses it)`);
            if (!state.nameFits(origin, 'collision domain', plug[1])) return;
            if (plug[2]) state.warn(origin, `ignored: the MAC address of eth${Number(arg)} is not modelled`);
            machine.interfaces.set(Number(arg), { domain: plug[1], origin });
        } else if (arg === 'sysctl') {
            if (!/^net\.[^=]+=.+$/.test(value)) return state.error(origin, `sysctl ${value}: Kathará takes KEY=VALUE with a key under net.`);
            machine.sysctls.push({ assignment: value, origin });
        } else if (arg === 'exec') machine.exec.push({ command: value, origin });
        else if (arg === 'ipv6') {
            if (/^(true|yes|on|1)$/i.test(value)) state.warn(origin, 'ignored: IPv6 is not modelled (nettopo models IPv4)');
        } else if (arg in NOT_MODELLED) state.warn(origin, `ignored: ${NOT_MODELLED[arg]}`);
        else
            state.error(
                origin,
                `${arg} is not a lab.conf option nettopo import knows (it knows interface numbers, image, sysctl, exec, ipv6 and Kathará's other options)`
            );
    });
    return machines;
}

function unquote(value: string): string {
    return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** What Kathará copies from MACHINE/ into the machine's /: its /etc/hosts and /etc/resolv.conf are read, anything else is said to be left out. */
function readMachineFiles(state: LabState, lab: KatharaLab, machine: Machine): void {
    for (const [path, text] of lab.files) {
        if (!path.startsWith(`${machine.name}/`)) continue;
        const inside = path.slice(machine.name.length);
        const file = `${lab.dir}/${path}`;
        if ((inside === '/etc/hosts' || inside === '/etc/resolv.conf') && text !== undefined)
            readEtcFile(
                state,
                machine.namespace,
                inside === '/etc/hosts' ? 'hosts' : 'resolv.conf',
                text.split('\n'),
                (line) => ({ file, line, command: '' }),
                file
            );
        else state.warn({ file, line: 0, command: '' }, `ignored: Kathará copies it to ${inside} in ${machine.name}, and nettopo does not model that file`);
    }
}

/** The folder's other files Kathará reads: startup files of no machine, lab.dep, lab.ext, MACHINE.shutdown, shared/ and _test/. */
function readOtherFiles(state: LabState, lab: KatharaLab, machines: ReadonlyMap<string, Machine>): void {
    const folders = new Set<string>();
    for (const path of lab.files.keys()) {
        const origin: Origin = { file: `${lab.dir}/${path}`, line: 0, command: '' };
        const startup = /^([^/]+)\.(startup|shutdown)$/.exec(path);
        const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : undefined;
        if (path in IGNORED_FILES) state.warn(origin, `ignored: ${IGNORED_FILES[path]}`);
        else if (startup && startup[2] === 'shutdown') state.warn(origin, 'ignored: it runs when the lab stops');
        else if (startup && startup[1] !== 'shared' && !machines.has(startup[1]))
            state.warn(origin, `ignored: lab.conf has no machine ${startup[1]}, so Kathará runs it nowhere`);
        else if (folder !== undefined && !machines.has(folder) && !folders.has(folder)) {
            folders.add(folder);
            const why = FOLDERS[folder] ?? `lab.conf has no machine ${folder}, so Kathará copies it nowhere`;
            state.warn({ ...origin, file: `${lab.dir}/${folder}` }, `ignored: ${why}`);
        }
    }
}

const FOLDERS: Record<string, string> = {
    shared: 'the folder every machine mounts as /shared holds files, no network configuration',
    _test: "the lab's tests are not run"
};
