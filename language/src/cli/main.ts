import { parseArgs } from 'node:util';
import { checkCommand } from './check-command.js';
import { UsageError } from './cli-support.js';
import { exportCommand } from './export-command.js';
import { expandCommand } from './expand-command.js';
import { IMPORT_KINDS, importCommand, type ImportKind } from './import-command.js';
import { verifyCleanupCommand, verifyCommand } from './verify-command.js';
import { pingAllCommand, pingOneCommand } from './ping-command.js';
import { ROUTE_FORMATS, routesCommand, type RouteFormat } from './routes-command.js';
import { RULE_TABLES, rulesCommand, type RuleTable } from './rules-command.js';
import { MAX_PING_COUNT, validPingCount } from '../model/topology.js';

const USAGE = `usage:
  nettopo check [--fix] [--json] FILE...         print every diagnostic (exit 1 on errors);
                                                 --fix applies the fixes and writes the files
  nettopo ping FILE SOURCE TARGET [--from ADDR|IF] [--count N] [--broadcast] [--json]
                                                 simulate one \`ping -c N [-b] [-I ADDR|IF]\` (N 1 to 10,
                                                 default 1; exit 0 on a reply)
  nettopo ping FILE [--json]                     run every \`ping\` statement (exit 0 if all hold)
  nettopo routes FILE NODE [--format ip|route|json]   print a node's main routing table
  nettopo rules FILE NODE [--table filter|nat]   print a node's iptables rules as \`iptables -S\` does
  nettopo expand FILE                            print FILE with each shape (docker, network, container)
                                                 replaced by the core statements it stands for
  nettopo export FILE --format netns [--prefix P] [--teardown]
                                                 a bash script building the lab in network namespaces
  nettopo import commands FILE.sh [-o OUT.net]    the .net of a script of ip, ifconfig, route, sysctl and iptables commands
  nettopo import kathara DIR [-o OUT.net]         the .net of a Kathará lab (lab.conf and the .startup files)
  nettopo import containerlab FILE.clab.yml [-o OUT.net]
                                                 the .net of a containerlab topology (kind linux and bridge nodes)
  nettopo import cni FILE.conflist [--host NAME] --container C1 [--container C2...] [-o OUT.net]
                                                 the host and containers a CNI network (bridge or ptp,
                                                 host-local) makes, the containers added in that order
                                                 (import: exit 1 when there are errors: nothing is written)
  nettopo verify FILE [--all-pairs] [--any-address] [--json]
                                                 build the lab (root) and compare the kernel with nettopo
  nettopo verify --cleanup                       remove the namespaces that verify runs killed before
                                                 their cleanup (kill -9, a crash) left behind
TARGET is an address, a node (its first address) or NODE.IFNAME.`;

const stdout = (line: string) => process.stdout.write(`${line}\n`);
const stderr = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the `nettopo` command line and returns its exit status. */
export async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    try {
        switch (command) {
            case 'check': {
                const { positionals, values } = parseArgs({
                    args: rest,
                    allowPositionals: true,
                    options: { fix: { type: 'boolean' }, json: { type: 'boolean' } }
                });
                if (positionals.length === 0) throw new UsageError('check needs at least one FILE', true);
                return await checkCommand(positionals, { fix: values.fix ?? false, json: values.json ?? false }, { out: stdout, err: stderr });
            }
            case 'ping': {
                const { positionals, values } = parseArgs({
                    args: rest,
                    allowPositionals: true,
                    options: { json: { type: 'boolean' }, from: { type: 'string' }, count: { type: 'string' }, broadcast: { type: 'boolean' } }
                });
                const json = values.json ?? false;
                const given = [values.from !== undefined && '--from', values.count !== undefined && '--count', values.broadcast !== undefined && '--broadcast'];
                const option = given.find((name) => name);
                if (positionals.length === 1 && !option) return await pingAllCommand(positionals[0], json, { out: stdout, err: stderr });
                if (positionals.length === 3) {
                    const options = { json, from: values.from, count: pingCount(values.count), broadcast: values.broadcast ?? false };
                    return await pingOneCommand(positionals[0], positionals[1], positionals[2], options, { out: stdout, err: stderr });
                }
                if (option) throw new UsageError(`${option} goes with FILE SOURCE TARGET (a ping line says it itself)`, true);
                throw new UsageError('ping takes FILE, or FILE SOURCE TARGET', true);
            }
            case 'routes': {
                const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string', default: 'ip' } } });
                if (positionals.length !== 2) throw new UsageError('routes takes FILE NODE', true);
                const format = values.format as RouteFormat;
                if (!ROUTE_FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}': use ip, route or json`);
                return await routesCommand(positionals[0], positionals[1], format, (text) => process.stdout.write(text), stderr);
            }
            case 'rules': {
                const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { table: { type: 'string' } } });
                if (positionals.length !== 2) throw new UsageError('rules takes FILE NODE');
                const table = values.table as RuleTable | undefined;
                if (table !== undefined && !RULE_TABLES.includes(table)) throw new UsageError(`unknown table '${values.table}': use filter or nat`);
                return await rulesCommand(positionals[0], positionals[1], table, (text) => process.stdout.write(text), stderr);
            }
            case 'export': {
                const { positionals, values } = parseArgs({
                    args: rest,
                    allowPositionals: true,
                    options: { format: { type: 'string', default: 'netns' }, prefix: { type: 'string', default: 'nt' }, teardown: { type: 'boolean' } }
                });
                if (positionals.length !== 1) throw new UsageError('export takes FILE', true);
                if (values.format !== 'netns') throw new UsageError(`unknown format '${values.format}': export knows netns`);
                return await exportCommand(positionals[0], values.prefix, values.teardown ?? false, (text) => process.stdout.write(text));
            }
            case 'expand': {
                const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
                if (positionals.length !== 1) throw new UsageError('expand takes FILE', true);
                return await expandCommand(positionals[0], (bytes) => process.stdout.write(bytes));
            }
            case 'import': {
                const { positionals, values } = parseArgs({
                    args: rest,
                    allowPositionals: true,
                    options: { output: { type: 'string', short: 'o' }, host: { type: 'string' }, container: { type: 'string', multiple: true } }
                });
                if (positionals.length !== 2) throw new UsageError('import takes KIND PATH', true);
                const kind = positionals[0] as ImportKind;
                if (!IMPORT_KINDS.includes(kind)) throw new UsageError(`unknown kind '${positionals[0]}': import knows ${IMPORT_KINDS.join(', ')}`);
                const { output, ...options } = values;
                return await importCommand(kind, positionals[1], options, output, { out: (text) => process.stdout.write(text), err: stderr });
            }
            case 'verify': {
                const { positionals, values } = parseArgs({
                    args: rest,
                    allowPositionals: true,
                    options: { 'all-pairs': { type: 'boolean' }, 'any-address': { type: 'boolean' }, json: { type: 'boolean' }, cleanup: { type: 'boolean' } }
                });
                if (values.cleanup) {
                    if (positionals.length !== 0) throw new UsageError('verify --cleanup takes no FILE', true);
                    return await verifyCleanupCommand(stdout);
                }
                if (positionals.length !== 1) throw new UsageError('verify takes FILE', true);
                const options = { allPairs: values['all-pairs'] ?? false, anyAddress: values['any-address'] ?? false, json: values.json ?? false };
                return await verifyCommand(positionals[0], options, stdout);
            }
            case undefined:
            case 'help':
            case '--help':
            case '-h':
                stdout(USAGE);
                return command === undefined ? 2 : 0;
            default:
                throw new UsageError(`unknown command '${command}'`, true);
        }
    } catch (error) {
        const usage = error instanceof UsageError ? error : argumentError(error);
        if (usage) {
            stderr(`nettopo: ${usage.message}`);
            if (usage.usage) stderr(USAGE);
            return 2;
        }
        stderr(`nettopo: internal error: ${(error as Error).message ?? error}`);
        if (process.env.NETTOPO_DEBUG) stderr((error as Error).stack ?? '');
        return 2;
    }
}

/** util.parseArgs's errors, in our words (its own are a library's, and suggest `--` quoting). */
function argumentError(error: unknown): UsageError | undefined {
    const { code, message } = error as { code?: string; message?: string };
    if (!code?.startsWith('ERR_PARSE_ARGS')) return undefined;
    const option = /'(-[^' ]*)/.exec(message ?? '')?.[1] ?? 'an option';
    const what =
        code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
            ? `unknown option '${option}'`
            : code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
              ? 'unexpected argument'
              : /missing/.test(message ?? '')
                ? `option ${option} needs a value`
                : `option ${option} takes no value`;
    return new UsageError(what, true);
}

/** `--count N`: a whole number from 1 to MAX_PING_COUNT, as a ping line's `count` takes. */
function pingCount(text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const count = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!validPingCount(count)) throw new UsageError(`--count ${text}: a ping sends 1 to ${MAX_PING_COUNT} packets`);
    return count;
}
