/** The reachability matrix: every node (rows) against every address (columns), coloured by outcome, with a legend. */
import type { MatrixView } from '../../language/src/lsp/net-protocol.js';
import { el } from './dom.js';
import { OUTCOME_STYLES, outcomeStyle } from './outcomes.js';

/** Builds the legend and the table; clicking a cell calls `play(source, address)`. */
export function matrixTable(view: MatrixView, play: (source: string, target: string) => void): HTMLElement {
    const counts = new Map<string, number>();
    for (const row of view.cells) for (const outcome of row) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    const legend = el(
        'div',
        { class: 'legend' },
        ...OUTCOME_STYLES.map((style) => {
            const item = el('span', { title: style.meaning, 'data-outcome': style.outcome }, `${style.label} (${counts.get(style.outcome) ?? 0})`);
            item.style.setProperty('--swatch', style.color);
            return item;
        })
    );
    const head = el(
        'tr',
        {},
        el('th', {}, 'from \\ to'),
        ...view.targets.map((target) => el('th', { title: `${target.node}.${target.device}` }, `${target.node}.${target.device} ${target.address}`))
    );
    const body = el('tbody');
    view.sources.forEach((source, row) => {
        const tr = el('tr', {}, el('th', {}, source));
        view.cells[row].forEach((outcome, column) => {
            const target = view.targets[column];
            const style = outcomeStyle(outcome);
            const cell = el('td', { 'data-outcome': outcome, title: `ping ${source} -> ${target.address} (${target.node}.${target.device}): ${style.label}` });
            cell.style.background = style.color;
            tr.append(cell);
        });
        body.append(tr);
    });
    // One listener for all cells: big matrices have tens of thousands.
    body.addEventListener('click', (event) => {
        const cell = (event.target as Element).closest('td');
        const tr = cell?.parentElement;
        if (!cell || !tr) return;
        const row = [...body.children].indexOf(tr);
        const column = [...tr.children].indexOf(cell) - 1;
        if (row >= 0 && column >= 0) play(view.sources[row], view.targets[column].address);
    });
    return el(
        'div',
        { class: 'matrix-view' },
        el(
            'div',
            { class: 'matrix-title' },
            el('strong', {}, 'Reachability'),
            el('span', { class: 'muted' }, `  ${view.sources.length} nodes × ${view.targets.length} addresses; click a cell to play that ping`)
        ),
        legend,
        el('table', {}, el('thead', {}, head), body)
    );
}
