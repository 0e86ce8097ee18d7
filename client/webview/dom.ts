/** A small helper to build HTML elements without markup strings (no injection, CSP-friendly). */

type Child = Node | string | undefined | false;

/** `el('button', { class: 'primary', onclick: run }, 'Ping')`: attributes, `on*` listeners, then children. */
export function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string | number | boolean | EventListener | undefined> = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === false) continue;
        if (typeof value === 'function') element.addEventListener(name.slice(2), value);
        else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) if (child !== undefined && child !== false) element.append(child);
    return element;
}
