import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { expandText } from '../../language/src/shapes/expand-text.js';
import { net } from '../unit/net-helpers.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** The shapes in the editor: a hover shows what a shape stands for; a refactoring writes it out in place. */
const lab = net`
    host dockerhost {
      eth0 10.0.0.1/24
      docker
      network backend 192.168.100.0/24   # docker network create
    }
    container web on dockerhost
    container api on dockerhost.backend
`;

async function hoverAt(text: string, needle: string, shift = 0): Promise<string> {
    const { document } = await marked(text);
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

describe('hover on a shape', () => {
    test('the docker line shows its core statements as a code block', async () => {
        const value = await hoverAt(lab, 'docker\n', 2);
        expect(value).toContain('**docker** — what the Docker daemon sets up');
        expect(value).toContain(
            [
                '```text',
                'bridge docker0 172.17.0.1/16',
                'sysctl net.ipv4.ip_forward = 1',
                'nat masquerade from 172.17.0.0/16 out !docker0',
                'filter forward policy drop',
                'filter forward drop in docker0 out br-backend',
                'filter forward drop in br-backend out docker0',
                'filter forward accept out docker0 state established,related',
                'filter forward accept in docker0 out !docker0',
                'filter forward accept in docker0 out docker0',
                '```'
            ].join('\n')
        );
    });

    test('a network line, on its subnet too', async () => {
        const value = await hoverAt(lab, '192.168.100.0/24', 3);
        expect(value).toContain('**network** — a user-defined Docker network');
        expect(value).toContain('bridge br-backend 192.168.100.1/24\nnat masquerade from 192.168.100.0/24 out !br-backend\n');
    });

    test('a container shows the node and the host block it stands for; its host reference shows the host', async () => {
        const value = await hoverAt(lab, 'container api', 11);
        expect(value).toContain('**container** `api`');
        expect(value).toContain(
            '```text\nhost api {\n  eth0 192.168.100.2/24 -- dockerhost.br-backend\n  route default via 192.168.100.1\n  hosts api.backend 192.168.100.2\n  hosts api 192.168.100.2\n}\n```'
        );
        expect(await hoverAt(lab, 'on dockerhost.backend', 4)).toContain('**host** `dockerhost`');
    });

    test('a flannel line and a pod', async () => {
        const text = 'host n1 {\n  eth0 10.0.0.1/24\n  flannel 10.244.1.0/24\n}\npod web on n1\n';
        expect(await hoverAt(text, 'flannel')).toContain(
            "**flannel** — a Kubernetes node's pod subnet, routed by flannel's host-gw backend; it stands for these core statements (as `nettopo expand` writes them):\n\n```text\nbridge cni0 10.244.1.1/24\n"
        );
        expect(await hoverAt(text, 'pod web', 5)).toContain('**pod** — a Kubernetes pod on that node (its CNI bridge)');
    });

    test('a shape Docker refuses stands for nothing', async () => {
        expect(await hoverAt('host h {\n  network n 10.0.0.0/24\n}\n', 'network')).toContain('stands for nothing until its problem is fixed');
    });
});

describe('the refactoring "Expand the ... shape"', () => {
    async function actions(text: string, needle: string) {
        const { document } = await marked(text);
        const position = document.textDocument.positionAt(offsetOf(document, needle));
        const found = await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() },
            range: { start: position, end: position },
            context: { diagnostics: [], only: [CodeActionKind.Refactor] }
        });
        return { document, found: (found ?? []) as CodeAction[] };
    }

    test('replaces each shape in place with what nettopo expand writes there, the comment kept', async () => {
        const { document, found } = await actions(lab, 'network');
        expect(found.map((action) => [action.title, action.kind])).toEqual([['Expand the network shape', 'refactor.rewrite']]);
        const edits = found[0].edit!.changes![document.uri.toString()];
        const after = TextDocument.applyEdits(TextDocument.create('x', 'net', 1, lab), edits);
        expect(after.split('\n').slice(3, 10)).toEqual([
            '  bridge br-backend 192.168.100.1/24',
            '  nat masquerade from 192.168.100.0/24 out !br-backend',
            '  filter forward accept out br-backend state established,related',
            '  filter forward accept in br-backend out !br-backend',
            '  filter forward accept in br-backend out br-backend   # docker network create',
            '}',
            'container web on dockerhost'
        ]);
        // Expanding every shape this way gives the expansion of the file.
        const model = services.model.DocumentModels.get(document);
        const each = await Promise.all(['docker\n', 'network', 'container web', 'container api'].map((needle) => actions(lab, needle)));
        const all = each.flatMap(({ document: one, found: list }) => list[0].edit!.changes![one.uri.toString()]);
        expect(TextDocument.applyEdits(TextDocument.create('x', 'net', 1, lab), all)).toBe(expandText(model.expansion, lab));
    });

    test('is not offered away from a shape, nor when only quick fixes are asked for', async () => {
        expect((await actions(lab, 'eth0')).found).toEqual([]);
        const { document } = await marked(lab);
        const position = document.textDocument.positionAt(offsetOf(document, 'docker'));
        const quick = await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() },
            range: { start: position, end: position },
            context: { diagnostics: [], only: [CodeActionKind.QuickFix] }
        });
        expect(quick).toEqual([]);
    });
});
