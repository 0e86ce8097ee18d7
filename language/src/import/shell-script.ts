/**
 * The little of the shell's grammar a namespace tutorial uses, as plain data: a script split into
 * simple commands (words after quote removal, redirections, here-documents), each with the line it
 * starts on and its text as written, for messages. What the importer cannot follow (expansions,
 * pipes, background jobs) is marked on the command, never dropped: the importer reports it.
 */

export interface Redirect {
    /** `>`, `>>`, `<`, `>&`, `<&`; the file descriptor is 1 or 0 unless written. */
    readonly op: string;
    readonly fd: number;
    readonly target: string;
}

/** A here-document: its body's lines, and the script line the body starts on. */
export interface HereDocument {
    readonly lines: readonly string[];
    readonly firstLine: number;
}

export interface ShellCommand {
    readonly line: number;
    /** The command as written (continuations joined), for messages. */
    readonly text: string;
    readonly words: readonly string[];
    readonly redirects: readonly Redirect[];
    readonly heredoc?: HereDocument;
    /**
     * What runs it: after `||` it is the error handling of the command before it, inside `{ ... }`
     * after `||` too; `|` and `&` are what the importer cannot follow.
     */
    readonly after: 'start' | '&&' | '||' | '|' | '&';
    /** True when a word holds `$...`, `` `...` ``, a glob or a subshell: its value is not known before the script runs. */
    readonly expands: boolean;
}

/** A script that cannot be split (an open quote, a here-document that never ends). */
export interface ShellSyntaxError {
    readonly line: number;
    readonly message: string;
}

interface Builder {
    text?: string;
    line: number;
    start: number;
    words: string[];
    redirects: Redirect[];
    heredoc?: HereDocument;
    after: ShellCommand['after'];
    expands: boolean;
}

/** Splits `text` (whose first line is script line `firstLine`) into simple commands, in order. */
export function splitScript(text: string, firstLine = 1): { commands: ShellCommand[]; error?: ShellSyntaxError } {
    const commands: (Builder & { text: string })[] = [];
    let line = firstLine;
    let index = 0;
    let handlerDepth = 0;
    let next: ShellCommand['after'] = 'start';
    let current: Builder | undefined;
    /** Here-documents whose bodies start after the current line: the command each belongs to and its delimiter. */
    let pendingBodies: { command: Builder; delimiter: string; stripTabs: boolean }[] = [];

    const begin = (): Builder => (current ??= { line, start: index, words: [], redirects: [], after: handlerDepth > 0 ? '||' : next, expands: false });
    const finish = (end: number, then: ShellCommand['after']) => {
        if (current) {
            const words = current.words;
            if (words[0] === '{' && current.after === '||') {
                handlerDepth++;
                words.shift();
            }
            if (words.at(-1) === '}' && handlerDepth > 0) {
                handlerDepth--;
                words.pop();
            }
            if (words.length > 0 || current.redirects.length > 0) {
                const source = text
                    .slice(current.start, end)
                    .replace(/\\\r?\n/g, '')
                    .replace(/\s+/g, ' ')
                    .trim();
                // The builder itself: a here-document's body, read after the line ends, is set on it then.
                commands.push(Object.assign(current, { text: source }));
            }
            current = undefined;
        }
        next = then;
    };
    const readBodies = (): ShellSyntaxError | undefined => {
        for (const pending of pendingBodies) {
            const lines: string[] = [];
            const firstBodyLine = line;
            for (;;) {
                if (index >= text.length) return { line: pending.command.line, message: `the here-document is never ended by a line '${pending.delimiter}'` };
                const end = text.indexOf('\n', index);
                const raw = text.slice(index, end < 0 ? text.length : end).replace(/\r$/, '');
                index = end < 0 ? text.length : end + 1;
                line++;
                const body = pending.stripTabs ? raw.replace(/^\t+/, '') : raw;
                if (body === pending.delimiter) break;
                lines.push(body);
            }
            pending.command.heredoc = { lines, firstLine: firstBodyLine };
        }
        pendingBodies = [];
        return undefined;
    };

    while (index < text.length) {
        const char = text[index];
        if (char === '\n') {
            finish(index, 'start');
            index++;
            line++;
            const error = readBodies();
            if (error) return { commands, error };
            continue;
        }
        if (char === ' ' || char === '\t' || char === '\r') {
            index++;
            continue;
        }
        if (char === '\\' && text[index + 1] === '\n') {
            index += 2;
            line++;
            continue;
        }
        if (char === '#') {
            while (index < text.length && text[index] !== '\n') index++;
            continue;
        }
        if (char === ';' || char === '&' || char === '|') {
            const two = text.slice(index, index + 2);
            if (two === '&&' || two === '||') {
                finish(index, two);
                index += 2;
            } else if (char === '&' && text[index + 1] === '>') {
                const builder = begin();
                const word = readWord(text, index + 2, builder);
                if ('error' in word) return { commands, error: { line, message: word.error } };
                builder.redirects.push({ op: '>', fd: 1, target: word.value }, { op: '>&', fd: 2, target: '1' });
                index = word.end;
                line += word.newlines;
            } else {
                finish(index, char === ';' ? 'start' : char);
                index++;
            }
            continue;
        }
        const builder = begin();
        // A redirection: [FD](<|>|>>|<<|<<-|>&|<&) WORD.
        const redirect = /^(\d*)(<<-|<<|>>|>&|<&|>|<)/.exec(text.slice(index, index + 6));
        if (redirect) {
            const op = redirect[2];
            index += redirect[0].length;
            while (text[index] === ' ' || text[index] === '\t') index++;
            const word = readWord(text, index, builder);
            if ('error' in word) return { commands, error: { line, message: word.error } };
            if (word.value === '') return { commands, error: { line, message: `'${op}' is not followed by a file name` } };
            index = word.end;
            line += word.newlines;
            if (op === '<<' || op === '<<-') pendingBodies.push({ command: builder, delimiter: word.value, stripTabs: op === '<<-' });
            else builder.redirects.push({ op, fd: redirect[1] ? Number(redirect[1]) : op.startsWith('<') ? 0 : 1, target: word.value });
            continue;
        }
        const word = readWord(text, index, builder);
        if ('error' in word) return { commands, error: { line, message: word.error } };
        if (word.end === index) {
            // A character that starts no word (a parenthesis): the command is one the importer cannot follow.
            builder.expands = true;
            builder.words.push(char);
            index++;
            continue;
        }
        builder.words.push(word.value);
        index = word.end;
        line += word.newlines;
    }
    finish(index, 'start');
    const error = readBodies();
    return error ? { commands, error } : { commands };
}

/** One word from `start`: quotes removed, escapes applied; `$`, backquotes and globs mark the command as expanding. */
function readWord(text: string, start: number, builder: Builder): { value: string; end: number; newlines: number } | { error: string } {
    let value = '';
    let index = start;
    let newlines = 0;
    while (index < text.length) {
        const char = text[index];
        if (/[\s;&|<>()]/.test(char)) break;
        if (char === "'") {
            const close = text.indexOf("'", index + 1);
            if (close < 0) return { error: "a quote (') is never closed" };
            const quoted = text.slice(index + 1, close);
            newlines += quoted.split('\n').length - 1;
            value += quoted;
            index = close + 1;
        } else if (char === '"') {
            index++;
            for (;;) {
                if (index >= text.length) return { error: 'a quote (") is never closed' };
                const inner = text[index];
                if (inner === '"') break;
                if (inner === '\\' && /["\\$`\n]/.test(text[index + 1] ?? '')) {
                    if (text[index + 1] === '\n') newlines++;
                    else value += text[index + 1];
                    index += 2;
                    continue;
                }
                if (inner === '$' || inner === '`') builder.expands = true;
                if (inner === '\n') newlines++;
                value += inner;
                index++;
            }
            index++;
        } else if (char === '\\') {
            if (text[index + 1] === '\n') {
                // A continuation ends the word only if a blank follows; keep reading either way.
                newlines++;
                index += 2;
                continue;
            }
            value += text[index + 1] ?? '';
            index += 2;
        } else {
            if (char === '$' || char === '`' || char === '*' || char === '?' || char === '[') builder.expands = true;
            value += char;
            index++;
        }
    }
    return { value, end: index, newlines };
}
