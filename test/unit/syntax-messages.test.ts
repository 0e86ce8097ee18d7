import { expect, test } from 'vitest';
import { loadNetText } from '../../language/src/load.js';

/** Syntax errors say what was expected and what was found, in a user's words. */
const cases = [
    { text: 'host A {\n  eth0 10.0.0.5/24\n  route 10.1.0.0/16 via\n}', line: 2, message: 'expected an IPv4 address, found the end of the line' },
    { text: 'switch lan\nhost A {\n  eth0 10.0.0.5/24 --\n}', line: 2, message: 'expected a name, found the end of the line' },
    { text: 'host A {\n  sysctl net.ipv4.ip_forward =\n}', line: 1, message: 'expected a number, found the end of the line' },
    { text: 'host A {\n  eth0 10.0.0.5/24 extra\n}', line: 1, message: 'expected `}`, found `extra`' },
    { text: 'swtch lan', line: 0, message: 'unexpected `swtch`: a statement starts with `switch`, `host`, `router`, `defaults` or `ping`, one per line' }
];

test.each(cases)('$message', async ({ text, line, message }) => {
    const { diagnostics } = await loadNetText(text);
    const syntax = diagnostics.filter((diagnostic) => (diagnostic.data as { code?: string } | undefined)?.code === 'parsing-error');
    expect(syntax.map((diagnostic) => ({ line: diagnostic.range.start.line, message: diagnostic.message }))).toContainEqual({ line, message });
});
