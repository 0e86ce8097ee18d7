import { execFileSync } from 'node:child_process';
import { ensureCodeServer, root } from './code-server.js';

/**
 * Global setup of the editor tiers (end-to-end and extension-host): installs code-server and
 * Chromium when missing (once, into the cache) and packages the built extension as the .vsix
 * the end-to-end tests install.
 */
export default function setup(): void {
    ensureCodeServer();
    execFileSync('node', ['scripts/package.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
