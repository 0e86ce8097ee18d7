import { expect } from 'vitest';
import { labUnavailableReason } from '../../language/src/kernel/availability.js';

/** Why kernel labs cannot run here (not root, tools missing), or undefined. */
export const unavailable = labUnavailableReason();

/** Kernel tests skip where labs cannot run, except in CI (NETTOPO_REQUIRE_KERNEL=1), where that fails them. */
export const skipKernel = unavailable !== undefined && !process.env.NETTOPO_REQUIRE_KERNEL;

/** A test title that says why it was skipped. */
export function kernelTitle(title: string): string {
    return unavailable ? `${title} (skipped: ${unavailable})` : title;
}

/** Fails the test when labs cannot run (reached only when skipping is not allowed). */
export function requireKernel(): void {
    expect(unavailable, 'the kernel tier cannot run here').toBeUndefined();
}
