import { AstUtils, CstUtils, GrammarAST, type AstNode, type LangiumDocument } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import { ErrorCodes, ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { MAX_INTERFACE_NAME, reservedInterfaceName } from '../model/interface-names.js';
import { NAME_PATTERN } from './net-names.js';
import type { NetLabs, NetDocument } from '../net-labs.js';
import type { NetServices } from '../net-module.js';

/**
 * Renames switches, nodes and interfaces everywhere they are named (see NetReferences: `dev`
 * uses, sysctl keys, both words of `NODE.IFNAME`), after checking that the new name is one the
 * language and Linux accept and that nothing else in its scope has it: a switch's or a node's name in
 * every lab its file is part of, since names are global across a lab and a rename edits every file
 * that uses the name (Langium's rename collects the references of every loaded file).
 */
export class NetRenameProvider extends DefaultRenameProvider {
    private readonly keywords: ReadonlySet<string>;
    private readonly labs: NetLabs;

    constructor(services: NetServices) {
        super(services);
        this.keywords = grammarKeywords(services.Grammar);
        this.labs = services.model.Labs;
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        const target = leaf && this.references.findDeclarations(leaf)[0];
        if (target) {
            const problem = this.refusal(target, params.newName);
            if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
        }
        return super.rename(document, params);
    }

    /** Why `target` cannot be called `name`, or undefined if it can. */
    private refusal(target: AstNode, name: string): string | undefined {
        if (!NAME_PATTERN.test(name)) return `'${name}' is not a name: it must start with a letter or _, then letters, digits, _ or -`;
        if (this.keywords.has(name)) return `'${name}' is a keyword of the language`;
        if (ast.isInterface(target)) {
            if (name.length > MAX_INTERFACE_NAME)
                return `'${name}' is ${name.length} characters long; Linux allows at most ${MAX_INTERFACE_NAME} for an interface`;
            if (reservedInterfaceName(name)) return `'${name}' is taken on every node (the loopback interface, or a sysctl directory)`;
            const taken = target.$container.members.some((member) => ast.isInterface(member) && member !== target && member.name === name);
            if (taken) return `${target.$container.name} already has an interface named ${name}`;
        } else if (ast.isNode(target) || ast.isSwitch(target)) {
            const document = AstUtils.getDocument(target) as NetDocument;
            const files = this.labs.entriesOf(document).flatMap((entry) => this.labs.lab(entry));
            const other = files
                .flatMap((file) => file.parseResult.value.statements)
                .find(
                    (statement): statement is ast.Node | ast.Switch =>
                        (ast.isNode(statement) || ast.isSwitch(statement)) && statement !== target && statement.name === name
                );
            if (other) return `a ${ast.isSwitch(other) ? 'switch' : other.kind} is already named ${name}`;
        }
        return undefined;
    }
}

/** Every word keyword of the grammar (`switch`, `route`, `via`, ...). */
export function grammarKeywords(grammar: LangiumServices['Grammar']): Set<string> {
    return AstUtils.streamAllContents(grammar)
        .filter(GrammarAST.isKeyword)
        .map((keyword) => keyword.value)
        .filter((word) => /^[a-z]+$/.test(word))
        .toSet();
}
