import type { AstNode } from 'langium';
import type { ViewModel } from './ping-view.js';

const reverse = new WeakMap<ReadonlyMap<object, AstNode>, Map<AstNode, object>>();

/**
 * The model object (node, interface, route, sysctl, switch, ping) built from a piece of syntax, or
 * undefined when the builder left it out (a duplicate name, a value that does not parse). The
 * reverse of the model's origins, built once per parse.
 */
export function modelObjectOf(model: Pick<ViewModel, 'origins'>, node: AstNode): object | undefined {
    let index = reverse.get(model.origins);
    if (!index) {
        index = new Map([...model.origins].map(([object, syntax]) => [syntax, object]));
        reverse.set(model.origins, index);
    }
    return index.get(node);
}
