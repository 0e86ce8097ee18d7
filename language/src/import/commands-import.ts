import { parseIpv4 } from '../address/ipv4.js';
import type { Topology } from '../model/topology.js';
import type { ImportProblem, Origin } from './import-problem.js';
import { runIp } from './ip-command.js';
import { runIptables } from './iptables-command.js';
import { ifconfig, route } from './net-tools-command.js';
import { ETC_NETNS, makeNetnsDirectory, writeNetnsFile } from './netns-files.js';
import { LabState, labTopology, type Namespace } from './lab-state.js';
import { splitScript, type ShellCommand } from './shell-script.js';

/**
 * `nettopo import commands FILE.sh`: the commands of a namespace tutorial, run in the mind (no
 * shell, no kernel), into the topology they build. Every command is either understood, harmless
 * (a read, an `echo`: a warning), or an error naming its line: nothing is dropped unsaid.
 */

export interface ImportResult {
    readonly topology: Topology;
    /** Errors and warnings in script order; with an error the topology must not be written. */
    readonly problems: readonly ImportProblem[];
    /** What the lab says about itself (Kathará's LAB_* lines, containerlab's name), for the imported file's header. */
    readonly header?: readonly string[];
}

/** The name of the node the script's own (root) namespace becomes, when it holds anything. */
export const ROOT_NODE = 'host';

export function importCommands(text: string, file: string): ImportResult {
    const state = new LabState(ROOT_NODE);
    runScript(state, state.root, text, file);
    return { topology: labTopology(state), problems: state.problems };
}

/** Runs a script (or a here-document's body starting at `firstLine`) in `namespace`. */
export function runScript(state: LabState, namespace: Namespace, text: string, file: string, firstLine = 1): void {
    const { commands, error } = splitScript(text, firstLine);
    for (const command of commands) {
        const origin: Origin = { file, line: command.line, command: command.text };
        if (runCommand(state, namespace, command, origin) === 'exit') break;
    }
    if (error) state.error({ file, line: error.line, command: '' }, error.message);
}

/** Error handling (`|| true`, `|| { echo ... >&2; exit 1; }`) assumes the command before it succeeded: these are what it may hold. */
const HANDLERS = new Set(['true', ':', 'exit', 'echo', 'printf']);
/** Commands that change nothing nettopo models: warned about, so that nothing is silently dropped. */
const HARMLESS = new Set(['echo', 'printf', 'sleep', 'true', ':', 'wait']);
const PROC_SYS = '/proc/sys/';

function runCommand(state: LabState, namespace: Namespace, command: ShellCommand, origin: Origin): 'exit' | void {
    if (command.after === '||') {
        if (!HANDLERS.has(command.words[0] ?? ''))
            state.error(origin, 'what runs when the command before fails is not imported (the import assumes every command succeeds)');
        return;
    }
    if (command.after === '|' || command.after === '&')
        return state.error(origin, `a command after '${command.after}' is not imported: write one command per line`);
    if (command.expands) return state.error(origin, 'shell expansions ($VAR, $(...), `...`, globs) are not imported: write the values out');
    let words = command.words;
    if (words[0] === 'sudo') words = words.slice(1);
    const [name, ...args] = words;
    if (name === undefined) return;
    if (name === 'exit') return 'exit';
    if (name === 'set' && args.every((arg) => /^[-+][a-z]+$/.test(arg) || arg === 'pipefail' || arg === 'errexit' || arg === 'nounset' || arg === 'xtrace'))
        return;
    // `echo V > /proc/sys/...` is a sysctl; `ip -batch -` and `sh` read their commands from a here-document.
    const proc = command.redirects.find((redirect) => redirect.op === '>' && redirect.fd === 1 && redirect.target.startsWith(PROC_SYS));
    if (proc) {
        if (name !== 'echo' || args.length !== 1) {
            // `ip netns exec NS echo 1 > /proc/sys/...`: the outer shell opens the file, in its own namespace.
            return state.error(
                origin,
                `only echo VALUE > ${proc.target} is imported (to set it inside a namespace: ip netns exec NS sh -c 'echo VALUE > ${proc.target}', or sysctl -w)`
            );
        }
        return setSysctl(state, namespace, origin, proc.target.slice(PROC_SYS.length).replaceAll('/', '.'), args[0]);
    }
    const netnsFile = command.redirects.find((redirect) => redirect.op === '>' && redirect.fd === 1 && redirect.target.startsWith(ETC_NETNS));
    if (netnsFile && name === 'cat' && args.length === 0) return writeNetnsFile(state, origin, netnsFile.target, command.heredoc?.lines);
    const files = command.redirects.filter((redirect) => !['/dev/null', '1', '2'].includes(redirect.target));
    if (files.length > 0) return state.error(origin, `the redirection ${files[0].op} ${files[0].target} is not imported`);
    const run = (inside: Namespace, nested: readonly string[]) => runWords(state, inside, nested, origin, command);
    run(namespace, words);
}

/** Runs a command given as words in `namespace` (`ip netns exec NS WORDS...` comes back here). */
function runWords(state: LabState, namespace: Namespace, words: readonly string[], origin: Origin, command: ShellCommand): void {
    const [name, ...args] = words;
    const runIn = (inside: Namespace, nested: readonly string[]) => runWords(state, inside, nested, origin, command);
    switch (name) {
        case 'ip': {
            const batch = args.indexOf('-batch');
            if (batch < 0) return runIp({ state, namespace, origin, runIn }, args);
            if (args[batch + 1] !== '-' || !command.heredoc)
                return state.error(origin, 'ip -batch is imported with its commands in a here-document (ip -batch - <<EOF)');
            const options = [...args.slice(0, batch), ...args.slice(batch + 2)];
            const { commands, error } = splitScript(command.heredoc.lines.join('\n'), command.heredoc.firstLine);
            for (const line of commands) {
                const lineOrigin: Origin = { file: origin.file, line: line.line, command: line.text };
                if (line.expands) state.error(lineOrigin, 'quoting ip -batch does not do is not imported');
                else runIp({ state, namespace, origin: lineOrigin, runIn }, [...options, ...line.words]);
            }
            if (error) state.error(origin, error.message);
            return;
        }
        case 'sh':
        case 'bash': {
            const script = args.findIndex((arg) => /^-[eux]*c[eux]*$/.test(arg));
            if (script >= 0 && args[script + 1] !== undefined) return runScript(state, namespace, args[script + 1], origin.file, origin.line);
            if (!command.heredoc || args.some((arg) => !/^-[eux]+$/.test(arg)))
                return state.error(origin, `${name} is imported with its commands in a here-document (${name} -e <<EOF)`);
            return runScript(state, namespace, command.heredoc.lines.join('\n'), origin.file, command.heredoc.firstLine);
        }
        case 'sysctl':
            return sysctl(state, namespace, origin, args);
        case 'iptables':
            return runIptables(state, namespace, origin, args);
        case 'ping':
            return ping(state, namespace, origin, args);
        case 'mkdir':
            return makeNetnsDirectory(state, origin, args);
        case 'ifconfig':
            return ifconfig(state, namespace, origin, args);
        case 'route':
            return route(state, namespace, origin, args);
        case undefined:
            return;
        default: {
            if (HARMLESS.has(name)) return state.warn(origin, 'ignored: it changes nothing nettopo models');
            const service = serviceOf(name, args);
            if (service === 'networking')
                return state.error(
                    origin,
                    'the networking service configures interfaces from /etc/network/interfaces, which is not imported: write ip or ifconfig commands'
                );
            if (service !== undefined)
                return state.warn(origin, `ignored: the service ${service} is not modelled (nettopo models the network's configuration, not its programs)`);
            return state.error(
                origin,
                `${name} is not imported: nettopo import knows ip, ifconfig, route, sysctl, echo ... > /proc/sys/..., iptables, ping and starting services`
            );
        }
    }
}

const SERVICE_ACTIONS = new Set(['start', 'restart', 'reload', 'stop', 'enable']);

/** The service `/etc/init.d/NAME start`, `service NAME start` or `systemctl start NAME` starts (or stops), if that is what it is. */
function serviceOf(name: string, args: readonly string[]): string | undefined {
    if (name.startsWith('/etc/init.d/') && args.length === 1 && SERVICE_ACTIONS.has(args[0])) return name.slice('/etc/init.d/'.length);
    if (name === 'service' && args.length === 2 && SERVICE_ACTIONS.has(args[1])) return args[0];
    if (name === 'systemctl' && args.length === 2 && SERVICE_ACTIONS.has(args[0])) return args[1];
    return undefined;
}

/** `sysctl [-w] KEY=VALUE...` in `namespace` (Kathará's lab.conf `MACHINE[sysctl]=KEY=VALUE` too). */
export function sysctl(state: LabState, namespace: Namespace, origin: Origin, args: readonly string[]): void {
    const assignments = args.filter((arg) => !arg.startsWith('-'));
    const unknown = args.find((arg) => arg.startsWith('-') && !/^-[qwe]+$/.test(arg));
    if (unknown !== undefined) return state.error(origin, `sysctl ${unknown} is not imported: nettopo import knows sysctl -w KEY=VALUE`);
    if (assignments.length === 0 || assignments.every((arg) => !arg.includes('='))) return state.warn(origin, 'ignored: it only shows a setting');
    for (const assignment of assignments) {
        const equals = assignment.indexOf('=');
        if (equals < 0) return state.error(origin, `${assignment} has no value: write KEY=VALUE`);
        setSysctl(state, namespace, origin, assignment.slice(0, equals).trim().replaceAll('/', '.'), assignment.slice(equals + 1).trim());
    }
}

function setSysctl(state: LabState, namespace: Namespace, origin: Origin, key: string, value: string): void {
    if (!/^-?\d+$/.test(value)) return state.error(origin, `${key} = ${value}: the language's sysctls take whole numbers`);
    namespace.sysctls.push({ key, value: Number(value), origin });
}

/** `ping [-c N] [-W S] [-w S] [-q] ADDRESS`: a `ping` line expecting a reply. */
function ping(state: LabState, namespace: Namespace, origin: Origin, args: readonly string[]): void {
    let target: string | undefined;
    for (let index = 0; index < args.length; index++) {
        const arg = args[index];
        if (['-c', '-W', '-w', '-i', '-s'].includes(arg)) index++;
        else if (/^-(c|W|w|i|s)\d+$/.test(arg) || arg === '-q' || arg === '-n') continue;
        else if (arg.startsWith('-')) return state.error(origin, `ping option ${arg} is not imported (nettopo import knows -c, -W, -w, -i, -s, -q, -n)`);
        else target = arg;
    }
    const address = parseIpv4(target);
    if (typeof address !== 'number')
        return state.error(origin, target === undefined ? 'ping needs an address' : `ping ${target}: the import takes pings to addresses`);
    namespace.pings.push({ target: address, targetText: target!, expectReply: true });
}
