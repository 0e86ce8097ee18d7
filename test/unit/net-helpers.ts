import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { parseIpv4 } from '../../language/src/address/ipv4.js';
import { simulatePing, type PingResult } from '../../language/src/engine/ping.js';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';

/**
 * Test helpers: `.net` snippets written as indented template literals, and diagnostics reduced
 * to what a user sees (1-based line, severity, code, message).
 */

/** Strips the leading newline and the common indentation of a template literal, so line 1 is its first line. */
export function net(strings: TemplateStringsArray, ...values: unknown[]): string {
    const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
    const lines = text.split('\n');
    const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length));
    return lines.map((line) => line.slice(indent)).join('\n');
}

export interface Reported {
    readonly line: number;
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    readonly code: string;
    readonly message: string;
}

const SEVERITIES = ['error', 'error', 'warning', 'info', 'hint'] as const;

/** The diagnostic's stable code: the validator's `code`, or Langium's `data.code` (parsing-error, linking-error...). */
export function codeOf(diagnostic: Diagnostic): string {
    return String(diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code ?? '');
}

export function reported(file: LoadedFile): Reported[] {
    return file.diagnostics.map((diagnostic) => ({
        line: diagnostic.range.start.line + 1,
        severity: SEVERITIES[diagnostic.severity ?? 1],
        code: codeOf(diagnostic),
        message: diagnostic.message
    }));
}

export function load(text: string): Promise<LoadedFile> {
    return loadNetText(text, 'test.net');
}

/** Loads a snippet and returns the single diagnostic with `code`, failing if there is not exactly one. */
export async function onlyOne(text: string, code: string): Promise<Reported> {
    const found = reported(await load(text)).filter((entry) => entry.code === code);
    expect(found, `diagnostics with code ${code}`).toHaveLength(1);
    return found[0];
}

/** `ping -c 1 TARGET` on `source`, TARGET a dotted quad. */
export function ping(file: LoadedFile, source: string, target: string): PingResult {
    const address = parseIpv4(target);
    if (typeof address !== 'number') throw new Error(address.error);
    return simulatePing(file.network, source, address);
}
