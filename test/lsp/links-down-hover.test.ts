import { describe, expect, test } from 'vitest';
import { net } from '../unit/net-helpers.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** Hovers on a lab with `down` interfaces: the tables as the kernel printed them (kernel-cases/links-down.net), and the link states in words. */
async function hoverAt(text: string, needle: string, shift = 0): Promise<string> {
    const { document } = await marked(text);
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

const lab = net`
    router A {
      eth0 198.18.1.1/24
      eth1 198.18.2.1/24 -- C.eth0 down
    }
    host C {
      eth0 198.18.2.2/24
      route default via 198.18.2.1 metric 5
    }
    host H {
      bridge br0 198.18.3.1/24 down
    }
    host W {
      eth0 198.18.3.2/24 -- H.br0
    }
`;

describe('hovers on down interfaces', () => {
    test('the far end’s tables print `linkdown` as `ip route` does, and `route -n` as it does', async () => {
        const value = await hoverAt(lab, 'host C', 5);
        expect(value).toContain(
            '```text\ndefault via 198.18.2.1 dev eth0 metric 5 linkdown \n198.18.2.0/24 dev eth0 proto kernel scope link src 198.18.2.2 linkdown \n```'
        );
        expect(value).toContain('0.0.0.0         198.18.2.1      0.0.0.0         UG    5      0        0 eth0\n');
        expect(value).toContain('| `eth0` | 198.18.2.2/24 | cable to `A.eth1` (no carrier) |');
    });

    test('the down node’s table has no connected route for it; the interface says it is down', async () => {
        const node = await hoverAt(lab, 'router A', 7);
        expect(node).toContain('```text\n198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n```');
        expect(node).toContain('| `eth1` | 198.18.2.1/24 | cable to `C.eth0` (down) |');
        expect(await hoverAt(lab, 'eth1 198')).toContain('It is down: its addresses stay the node’s own, but it has no route and sends and receives nothing.');
    });

    test('a down bridge says so, and so do its containers', async () => {
        expect(await hoverAt(lab, 'bridge br0', 7)).toContain('It is down:');
        expect(await hoverAt(lab, 'host W', 5)).toContain('| `eth0` | 198.18.3.2/24 | bridge `H.br0` (a veth pair to one of its ports) (bridge down) |');
    });
});
