import { formatFilterRules, formatNatRules } from '../engine/rule-format.js';
import { displayName, errorLines, loadFile, UsageError } from './cli-support.js';

export const RULE_TABLES = ['filter', 'nat'] as const;
export type RuleTable = (typeof RULE_TABLES)[number];

/**
 * `nettopo rules FILE NODE [--table filter|nat]`: the node's iptables rules exactly as `iptables -S`
 * (filter) or `iptables -t nat -S` prints them; without a table, both, each under the command
 * that prints it (as a `#` line, which `iptables-restore` would skip too). The file's errors go to
 * standard error first, as `routes` and `ping` report them.
 */
export async function rulesCommand(
    path: string,
    nodeName: string,
    table: RuleTable | undefined,
    out: (text: string) => void,
    err: (line: string) => void
): Promise<number> {
    const file = await loadFile(path);
    const node = file.topology.nodes.find((candidate) => candidate.name === nodeName);
    if (!node) throw new UsageError(`${displayName(path)} has no host or router named '${nodeName}'`);
    errorLines(path, file).forEach(err);
    if (table === 'filter') out(formatFilterRules(node));
    else if (table === 'nat') out(formatNatRules(node));
    else out(`# iptables -S\n${formatFilterRules(node)}# iptables -t nat -S\n${formatNatRules(node)}`);
    return 0;
}
