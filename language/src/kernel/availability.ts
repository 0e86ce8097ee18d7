import { execFileSync } from 'node:child_process';

/** The commands a lab runs. */
const TOOLS = ['ip', 'ping', 'route', 'iptables', 'bash'] as const;

/**
 * Why kernel labs cannot run on this machine (not root, or a tool missing), or undefined when
 * they can. Tests use it to skip with a clear message instead of failing.
 */
export function labUnavailableReason(): string | undefined {
    if (process.platform !== 'linux') return `kernel labs need Linux (this is ${process.platform})`;
    if (process.getuid?.() !== 0) return 'kernel labs need root (network namespaces)';
    const missing = TOOLS.filter((tool) => {
        try {
            execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' });
            return false;
        } catch {
            return true;
        }
    });
    if (missing.length > 0) return `kernel labs need ${missing.join(', ')} (apt-get install iproute2 iputils-ping net-tools iptables)`;
    return undefined;
}
