import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { describePingFailure, outcomeVerdict } from '../engine/name-explain.js';
import * as ast from '../generated/ast.js';
import type { NetServices } from '../net-module.js';
import type { NetPingRuns } from '../net-ping-runs.js';
import type { NetModelIndex } from '../views/model-index.js';
import { rangeOf } from '../views/view-ranges.js';
import { COMMANDS } from './net-protocol.js';
import { pingLineOptions } from '../views/ping-view.js';

/**
 * Code lenses: `Open simulator` at the top of the file; `Route table` and `Ping from here…` above
 * every node; on every `ping` line its predicted verdict and `▶ Run ping`. The commands are the
 * extension's (see COMMANDS); verdicts come from the document's pings, simulated once per parse.
 */
export class NetCodeLensProvider implements CodeLensProvider {
    private readonly pingRuns: NetPingRuns;
    private readonly index: NetModelIndex;

    constructor(services: NetServices) {
        this.pingRuns = services.model.PingRuns;
        this.index = services.model.ModelIndex;
    }

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        const root = document.parseResult.value as ast.Topology;
        const uri = document.uri.toString();
        const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const lenses: CodeLens[] = [{ range: top, command: { title: 'Open simulator', command: COMMANDS.openSimulator, arguments: [uri] } }];
        const runs = new Map(this.pingRuns.get(root).map((run) => [run.ping as object, run]));
        for (const statement of root.statements) {
            const range = rangeOf(statement);
            if (!range) continue;
            if (ast.isNode(statement) && this.index.objectOf(root, statement)) {
                const line = { start: range.start, end: range.start };
                lenses.push(
                    { range: line, command: { title: 'Route table', command: COMMANDS.showRouteTable, arguments: [uri, statement.name] } },
                    { range: line, command: { title: 'Ping from here…', command: COMMANDS.pingFrom, arguments: [uri, statement.name] } }
                );
            } else if (ast.isPing(statement)) {
                const ping = this.index.objectOf(root, statement);
                const run = ping && runs.get(ping);
                if (!run) continue;
                const verdict = outcomeVerdict(run.result);
                const expectation = run.ping.expectReply ? '' : run.holds ? ' — as expected' : ' — but this line expects no reply';
                const tooltip = describePingFailure(run.result);
                lenses.push(
                    // A command without an id is a label: the verdict is there to be read.
                    { range, command: { title: `${verdict}${expectation}`, command: '', ...(tooltip && { tooltip }) } },
                    {
                        range,
                        command: {
                            title: '▶ Run ping',
                            command: COMMANDS.runPing,
                            arguments: [uri, run.ping.source, run.ping.targetText, pingLineOptions(run.ping)]
                        }
                    }
                );
            }
        }
        return lenses;
    }
}
