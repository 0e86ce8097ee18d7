import { describe, expect, test } from 'vitest';
import { net } from '../unit/net-helpers.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** Hovers on a lab with `defaults`: a node lists what it inherits, a defaults line says it is lab-wide. */
async function hoverAt(text: string, needle: string, shift = 0): Promise<string> {
    const { document } = await marked(text);
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

const lab = net`
    defaults {
      sysctl net.ipv4.ip_forward = 1
      sysctl net.ipv4.conf.all.rp_filter = 1
    }
    host A {
      eth0 198.18.1.10/24
      sysctl net.ipv4.ip_forward = 0
    }
`;

describe('hover with lab-wide defaults', () => {
    test('a node shows the settings it takes from defaults, and which of its own lines override one', async () => {
        const value = await hoverAt(lab, 'host A', 5);
        expect(value).toContain('**host** `A` — does not forward');
        expect(value).toContain('From `defaults`:\n- `net.ipv4.ip_forward = 1` (overridden by its own line)\n- `net.ipv4.conf.all.rp_filter = 1`\n');
        expect(value).toContain('rp_filter 1 (strict)');
    });

    test('a defaults line says it is lab-wide', async () => {
        const value = await hoverAt(lab, 'rp_filter = 1', 2);
        expect(value).toContain("A lab-wide default: every node starts with it; a node's own `sysctl` line for the key overrides it.");
    });
});
