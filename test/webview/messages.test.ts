import { describe, expect, test } from 'vitest';
import { isTextRange, parseSimulatorState, parseWebviewMessage } from '../../client/webview/messages.js';
import { simulatorPage } from '../../client/webview/page.js';

/** What the extension accepts from the webview: every message checked before it is acted on. */

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 40 } };

describe('parseWebviewMessage', () => {
    test('well-formed messages pass, reduced to their known fields', () => {
        expect(parseWebviewMessage({ type: 'ready', extra: 1 })).toEqual({ type: 'ready' });
        expect(parseWebviewMessage({ type: 'matrix' })).toEqual({ type: 'matrix' });
        expect(parseWebviewMessage({ type: 'cancelMatrix', uri: 'file:///elsewhere.net' })).toEqual({ type: 'cancelMatrix' });
        expect(parseWebviewMessage({ type: 'ping', source: 'alice', target: 'carol.eth0' })).toEqual({ type: 'ping', source: 'alice', target: 'carol.eth0' });
        expect(parseWebviewMessage({ type: 'reveal', range })).toEqual({ type: 'reveal', range });
        expect(parseWebviewMessage({ type: 'highlight', range: null })).toEqual({ type: 'highlight', range: null });
        expect(parseWebviewMessage({ type: 'toggleForwarding', node: 'mid' })).toEqual({ type: 'toggleForwarding', node: 'mid' });
        expect(parseWebviewMessage({ type: 'applyFix', node: 'mid', title: 'Add `sysctl net.ipv4.ip_forward = 1` to mid' })).toEqual({
            type: 'applyFix',
            node: 'mid',
            title: 'Add `sysctl net.ipv4.ip_forward = 1` to mid'
        });
        expect(parseWebviewMessage({ type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' })).toMatchObject({ format: 'svg' });
        expect(parseWebviewMessage({ type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0K' })).toMatchObject({ format: 'png' });
    });

    test('anything else is refused', () => {
        const refused = [
            undefined,
            null,
            'ready',
            [],
            { type: 'run' },
            { type: 'ping', source: 'alice' },
            { type: 'ping', source: '', target: 'b' },
            { type: 'ping', source: 'a'.repeat(201), target: 'b' },
            { type: 'ping', source: 1, target: 'b' },
            { type: 'reveal', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
            { type: 'reveal', range: { start: { line: 4, character: 0 }, end: { line: 3, character: 0 } } },
            { type: 'reveal', range: { start: { line: 1.5, character: 0 }, end: { line: 3, character: 0 } } },
            { type: 'highlight' },
            { type: 'toggleForwarding', node: { name: 'mid' } },
            { type: 'export', format: 'gif', data: 'x' },
            { type: 'export', format: 'svg', data: '<script>' },
            { type: 'export', format: 'png', data: 'javascript:alert(1)' }
        ];
        for (const value of refused) expect(parseWebviewMessage(value), JSON.stringify(value)).toBeUndefined();
        expect(isTextRange(range)).toBe(true);
    });
});

describe('parseSimulatorState', () => {
    test('keeps the uri and well-formed positions, drops the rest', () => {
        expect(
            parseSimulatorState({
                uri: 'file:///lab/a.net',
                positions: { 'node:a': { x: 1, y: 2, pinned: true }, 'node:b': { x: 'no', y: 2 }, 'switch:s': { x: 3, y: 4 } },
                transform: { x: 0, y: 0, k: 0 }
            })
        ).toEqual({ uri: 'file:///lab/a.net', positions: { 'node:a': { x: 1, y: 2, pinned: true }, 'switch:s': { x: 3, y: 4, pinned: false } } });
        expect(parseSimulatorState({ uri: 'file:///a.net', positions: {}, transform: { x: 5, y: 6, k: 2 } })).toMatchObject({
            transform: { x: 5, y: 6, k: 2 }
        });
        expect(parseSimulatorState({ positions: {} })).toBeUndefined();
        expect(parseSimulatorState('file:///a.net')).toBeUndefined();
    });
});

describe('simulatorPage', () => {
    test("a strict Content Security Policy: nothing by default, the script only with the nonce, styles and images from the webview's own origin", () => {
        const html = simulatorPage({
            script: 'https://file+.vscode-resource/out/webview/simulator.js',
            style: 'https://file+.vscode-resource/out/webview/simulator-style.css',
            cspSource: 'https://file+.vscode-resource',
            nonce: 'abc123'
        });
        const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
        expect(policy.split('; ')).toEqual([
            "default-src 'none'",
            'img-src https://file+.vscode-resource blob: data:',
            'style-src https://file+.vscode-resource',
            'font-src https://file+.vscode-resource',
            "script-src 'nonce-abc123'"
        ]);
        expect(html).toContain('<script nonce="abc123" src="https://file+.vscode-resource/out/webview/simulator.js"></script>');
        expect(html.match(/<script/g)).toHaveLength(1);
        expect(html).not.toMatch(/unsafe-inline|unsafe-eval|http:\/\//);
    });
});
