// Bytes through the web platform's globals, which both extension hosts have (Node 20 and the
// browser's worker), where Node's crypto and Buffer exist in the Node host only.

/** A fresh random nonce, as hex (for a webview's Content Security Policy). */
export function randomNonce(bytes = 18): string {
    return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The bytes of a base64 text (a data URL's payload). */
export function base64Bytes(base64: string): Uint8Array {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
