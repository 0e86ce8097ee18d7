import { expect, test } from 'vitest';
import { formatFilterRules, formatNatRules } from '../../language/src/engine/rule-format.js';
import { measureTopology } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * The iptables printers against the kernel on every form the language allows, in one lab: each
 * option alone and negated, all of them together in an order iptables does not print them in,
 * prefixes with host bits, /32 and /0, states in every order and repeated, a chain's policy
 * written twice (the last one wins), REJECT in each chain, several MASQUERADE rules.
 */
const text = `switch lan 198.18.40.0/24
host fw {
  eth0 198.18.40.1/24 -- lan
  eth1 198.18.41.1/24
  bridge br0 198.19.40.1/24
  filter input policy drop
  filter forward policy drop
  filter output policy drop
  filter input policy accept
  filter input accept in eth0
  filter input drop in !eth0
  filter input reject from 198.18.40.77
  filter input accept to 198.18.40.0/24
  filter input accept state established
  filter forward accept state related,new,established
  filter forward accept state established,related
  filter forward drop state new,new
  filter forward accept out br0
  filter forward drop out !br0
  filter forward reject in eth1 out !br0 from 198.18.41.0/24 to 198.19.40.0/24 state new
  filter forward reject state related to 198.19.40.9/24 from 198.18.41.200 out br0 in !eth0
  filter forward accept from 0.0.0.0/0 to 0.0.0.0/0
  filter output reject out eth1
  filter output accept out !eth1 to 198.18.0.0/15
  nat masquerade from 198.19.40.0/24
  nat masquerade from 198.19.40.7/24 out eth0
  nat masquerade from 198.19.40.0/24 out !br0 to !198.19.0.0/16
  nat masquerade from 198.19.40.128/25 to 198.18.40.5
}
host box {
  eth0 198.19.40.2/24 -- fw.br0
}
`;

test.skipIf(skipKernel)(
    kernelTitle('`iptables -S` and `iptables -t nat -S` are what the printers print, for every form of rule'),
    async () => {
        requireKernel();
        const { topology, diagnostics } = await loadNetText(text);
        expect(diagnostics.filter((entry) => entry.severity === 1).map((entry) => entry.message)).toEqual([]);
        const fw = topology.nodes.find((node) => node.name === 'fw')!;
        expect(fw.filters).toHaveLength(15);
        expect(fw.nat).toHaveLength(4);
        const kernel = await measureTopology(topology, { pings: [] });
        expect(Object.keys(kernel.rules ?? {})).toEqual(['fw']);
        expect(formatFilterRules(fw)).toBe(kernel.rules!.fw.filter);
        expect(formatNatRules(fw)).toBe(kernel.rules!.fw.nat);
    },
    120_000
);
