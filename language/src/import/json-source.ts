/**
 * JSON as the importers read it: strict JSON (RFC 8259), each value with the line it starts on, so
 * that a problem can name the line of the field it is about (JSON.parse keeps no positions and
 * says where it failed in an engine's own words).
 */

export type JsonValue =
    | { readonly kind: 'object'; readonly line: number; readonly fields: readonly JsonField[] }
    | { readonly kind: 'array'; readonly line: number; readonly items: readonly JsonValue[] }
    | { readonly kind: 'string'; readonly line: number; readonly value: string }
    | { readonly kind: 'number'; readonly line: number; readonly value: number }
    | { readonly kind: 'boolean'; readonly line: number; readonly value: boolean }
    | { readonly kind: 'null'; readonly line: number };

export interface JsonField {
    readonly key: string;
    /** The line of the key. */
    readonly line: number;
    readonly value: JsonValue;
}

export type JsonResult = { readonly value: JsonValue } | { readonly error: { readonly line: number; readonly column: number; readonly message: string } };

class JsonError extends Error {
    constructor(
        readonly offset: number,
        message: string
    ) {
        super(message);
    }
}

export function parseJson(text: string): JsonResult {
    const reader = new Reader(text.replace(/^\uFEFF/, ''));
    try {
        const value = reader.value();
        reader.blank();
        if (reader.offset < reader.text.length) throw new JsonError(reader.offset, 'text after the end of the JSON value');
        return { value };
    } catch (error) {
        if (!(error instanceof JsonError)) throw error;
        const before = reader.text.slice(0, error.offset);
        const line = before.split('\n').length;
        return { error: { line, column: error.offset - before.lastIndexOf('\n'), message: error.message } };
    }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
    offset = 0;
    private lineNumber = 1;

    constructor(readonly text: string) {}

    blank(): void {
        while (this.offset < this.text.length && ' \t\r\n'.includes(this.text[this.offset])) {
            if (this.text[this.offset] === '\n') this.lineNumber++;
            this.offset++;
        }
    }

    value(): JsonValue {
        this.blank();
        const line = this.lineNumber;
        const char = this.text[this.offset];
        if (char === '{') return this.object(line);
        if (char === '[') return this.array(line);
        if (char === '"') return { kind: 'string', line, value: this.string() };
        for (const [word, value] of [
            ['true', true],
            ['false', false],
            ['null', null]
        ] as const) {
            if (this.text.startsWith(word, this.offset)) {
                this.offset += word.length;
                return value === null ? { kind: 'null', line } : { kind: 'boolean', line, value };
            }
        }
        NUMBER.lastIndex = this.offset;
        const number = NUMBER.exec(this.text);
        if (number) {
            this.offset += number[0].length;
            return { kind: 'number', line, value: Number(number[0]) };
        }
        if (char === ']') throw new JsonError(this.offset, "a comma before ']', or an empty item (JSON has no trailing commas)");
        throw new JsonError(this.offset, char === undefined ? 'the text ends where a value should be' : `a value cannot start with '${char}'`);
    }

    private object(line: number): JsonValue {
        this.offset++;
        const fields: JsonField[] = [];
        this.blank();
        if (this.text[this.offset] === '}') {
            this.offset++;
            return { kind: 'object', line, fields };
        }
        for (;;) {
            this.blank();
            if (this.text[this.offset] === '}' && fields.length > 0) throw new JsonError(this.offset, "a comma before '}' (JSON has no trailing commas)");
            if (this.text[this.offset] !== '"') throw new JsonError(this.offset, 'expected a field name in double quotes');
            const keyLine = this.lineNumber;
            const key = this.string();
            this.blank();
            if (this.text[this.offset] !== ':') throw new JsonError(this.offset, `expected ':' after "${key}"`);
            this.offset++;
            fields.push({ key, line: keyLine, value: this.value() });
            this.blank();
            const next = this.text[this.offset++];
            if (next === '}') return { kind: 'object', line, fields };
            if (next !== ',') throw new JsonError(this.offset - 1, `expected ',' or '}' after the value of "${key}"`);
        }
    }

    private array(line: number): JsonValue {
        this.offset++;
        const items: JsonValue[] = [];
        this.blank();
        if (this.text[this.offset] === ']') {
            this.offset++;
            return { kind: 'array', line, items };
        }
        for (;;) {
            items.push(this.value());
            this.blank();
            const next = this.text[this.offset++];
            if (next === ']') return { kind: 'array', line, items };
            if (next !== ',') throw new JsonError(this.offset - 1, "expected ',' or ']' after an item of the list");
        }
    }

    private string(): string {
        const start = this.offset;
        this.offset++;
        let value = '';
        for (;;) {
            const char = this.text[this.offset];
            if (char === undefined || char === '\n') throw new JsonError(start, 'a string is not closed on its line');
            if (char < ' ') throw new JsonError(this.offset, 'a control character (a tab, say) in a string must be escaped');
            this.offset++;
            if (char === '"') return value;
            if (char !== '\\') {
                value += char;
                continue;
            }
            const escape = this.text[this.offset++];
            if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset, this.offset + 4))) {
                value += String.fromCharCode(parseInt(this.text.slice(this.offset, this.offset + 4), 16));
                this.offset += 4;
            } else if (escape in ESCAPES) value += ESCAPES[escape];
            else throw new JsonError(this.offset - 2, `\\${escape ?? ''} is not a JSON escape`);
        }
    }
}
