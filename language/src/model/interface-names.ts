/** What Linux allows as an interface's name, for the validator, rename and the lab's build scripts alike. */

/** Linux's IFNAMSIZ less the terminating NUL. */
export const MAX_INTERFACE_NAME = 15;

/** Interface names a node cannot have, and why. */
const RESERVED: Readonly<Record<string, string>> = {
    lo: '`lo` is the loopback interface every node already has (with 127.0.0.1/8)',
    all: '`all` is taken by the sysctl directory net.ipv4.conf.all',
    default: '`default` is taken by the sysctl directory net.ipv4.conf.default'
};

/** Why a node's interface cannot be called `name` (a reserved name), or undefined. */
export function reservedInterfaceName(name: string): string | undefined {
    return Object.hasOwn(RESERVED, name) ? RESERVED[name] : undefined;
}
