/**
 * What a host name is, as the grammar's `HostName` and the lab's /etc/hosts take it: names
 * (letters, digits, `_` and `-`, not starting with a digit or `-`) joined by dots.
 */
export const HOST_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
