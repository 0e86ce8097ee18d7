import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EmptyFileSystem, URI } from 'langium';
import { expect, test } from 'vitest';
import type { Topology } from '../../language/src/generated/ast.js';
import { createNetServices } from '../../language/src/net-module.js';
import { generateTopology } from '../../scripts/bench-topology.js';

/**
 * An open document of the benchmark's 10,000-host lab holds at most 10 KB of heap per host once
 * built and validated, as the language server builds it (README, Scale): its AST and CST, its
 * names and references and their index entries, its model, compiled network, `ping` runs and
 * diagnostics. The heap is read after forced collections, around a build done once before on a
 * small lab (the code compiled, Langium's own structures made), so only the document is weighed.
 * It measured 9.4 KB (26 KB before issue 15's cuts).
 */
const HOSTS = 10_000;
const BUDGET_PER_HOST = 10 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
};

const { shared, Net } = createNetServices(EmptyFileSystem);

async function open(name: string, text: string) {
    const document = shared.workspace.LangiumDocumentFactory.fromString<Topology>(text, URI.parse(`file:///lab/${name}.net`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

test(`a validated ${HOSTS.toLocaleString('en-US')}-host lab holds at most 10 KB of heap per host`, async () => {
    await open('warm-up', generateTopology({ hosts: 300, seed: 1 }).text);
    const { text, pingCount } = generateTopology({ hosts: HOSTS, seed: 0x5eed + HOSTS });
    const before = heapUsed();
    const document = await open('lab', text);
    const held = heapUsed() - before;
    // Everything is there: every node compiled, every ping simulated, the deliberate mistakes found.
    expect(Net.model.DocumentModels.get(document).network.nodes.size).toBe(HOSTS + HOSTS / 100);
    expect(Net.model.PingRuns.get(document)).toHaveLength(pingCount);
    expect(document.diagnostics?.length).toBeGreaterThan(0);
    expect(held / HOSTS, `${(held / 1024 / 1024).toFixed(1)} MiB held`).toBeLessThan(BUDGET_PER_HOST);
});
