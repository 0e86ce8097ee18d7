import { problemAt, type ImportProblem } from './import-problem.js';
import type { JsonField, JsonValue } from './json-source.js';

export type JsonKind = JsonValue['kind'];

/** The fields of one JSON object a CNI reader knows, by name, each with the kind its value must have. */
export type FieldKinds = Readonly<Record<string, JsonKind>>;

/**
 * Reading a CNI configuration's objects: each field checked against the kind it must have (an
 * error), a field nobody knows reported (a warning: the runtime passes it on, the plugin ignores
 * it), every problem at the line of its key.
 */
export class CniFields {
    constructor(
        readonly file: string,
        readonly problems: ImportProblem[]
    ) {}

    /** The object's fields by name, or undefined when one has the wrong kind (said as an error). */
    read(object: JsonValue & { kind: 'object' }, where: string, known: FieldKinds): { fields: ReadonlyMap<string, JsonField> } | undefined {
        const fields = new Map<string, JsonField>();
        let wrong = false;
        for (const field of object.fields) {
            const kind = Object.hasOwn(known, field.key) ? known[field.key] : undefined;
            if (kind === undefined) this.warn(field, `not a field of ${where}: ignored, as the plugin ignores it`);
            else if (field.value.kind !== kind) {
                this.error(field, `must be ${KIND_WORDS[kind]} (it is ${KIND_WORDS[field.value.kind]})`);
                wrong = true;
            }
            // JSON leaves a repeated key to the reader: Go's encoding/json keeps the last.
            else fields.set(field.key, field);
        }
        return wrong ? undefined : { fields };
    }

    error(field: JsonField, message: string): void {
        this.errorAt(field.line, field.key, message);
    }

    warn(field: JsonField, message: string): void {
        this.warnAt(field.line, field.key, message);
    }

    errorAt(line: number, key: string, message: string): void {
        this.problems.push(problemAt({ file: this.file, line, command: `"${key}"` }, 'error', message));
    }

    warnAt(line: number, key: string, message: string): void {
        this.problems.push(problemAt({ file: this.file, line, command: `"${key}"` }, 'warning', message));
    }
}

const KIND_WORDS: Record<JsonKind, string> = {
    object: 'an object',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    null: 'null'
};
