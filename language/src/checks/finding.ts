import type { DeviceMatch, FilterRule, InterfaceModel, MasqueradeRule, RouteSpec } from '../model/topology.js';
import type { IssueCode } from './issue-codes.js';

/**
 * One change a fix makes to a `.net` file, in the model's terms; `fixes/fix-edits.ts` turns it
 * into text edits at the right place (the node's block, the line of the statement).
 */
export type FixChange =
    /** Adds a `route ...` line (`route` and the route's `text`) to a node's block, after its other routes. */
    | { readonly kind: 'add-route'; readonly node: string; readonly route: RouteSpec }
    /** Sets a sysctl on a node: rewrites the node's last line for `key` (or one of its `aliases`), else adds one. */
    | { readonly kind: 'set-sysctl'; readonly node: string; readonly key: string; readonly value: number; readonly aliases?: readonly string[] }
    /**
     * Adds a `nat` or `filter` line (the rule's `text`) to a node's block: right before the rule
     * `before` (a filter rule of the node: the new one must match first), else after the node's
     * other lines of its table.
     */
    | { readonly kind: 'add-rule'; readonly node: string; readonly rule: MasqueradeRule | FilterRule; readonly before?: FilterRule }
    /** Removes a statement (a route, a sysctl) and its line. */
    | { readonly kind: 'remove'; readonly subject: object }
    /** Replaces the destination of a route statement, e.g. to clear its host bits. */
    | { readonly kind: 'set-destination'; readonly subject: RouteSpec; readonly destination: string }
    /** Brings an interface up: removes the `down` that ends its line. */
    | { readonly kind: 'bring-up'; readonly subject: InterfaceModel }
    /** Gives an interface's address at `index` another prefix length (the address itself stays). */
    | { readonly kind: 'set-prefix-length'; readonly subject: InterfaceModel; readonly index: number; readonly length: number }
    /** Rewrites the `out [!]IF` of a `nat` line (`text`: the rule's words after the change). */
    | { readonly kind: 'set-rule-out'; readonly subject: MasqueradeRule; readonly out: DeviceMatch; readonly text: string };

/** A repair the engine proposes for a finding (and has checked, where it changes routing, by simulating it). */
export interface Fix {
    /** What a quick-fix menu shows, e.g. ``Add `route default via 10.255.0.1` to r7``. */
    readonly title: string;
    readonly changes: readonly FixChange[];
}

/** Another place that belongs to a finding (an affected route or `ping` line), with a word on how. */
export interface RelatedSubject {
    readonly subject: object;
    readonly message: string;
}

/** A problem found in the model, about one model object (node, interface, route, sysctl, switch, ping). */
export interface Finding {
    readonly severity: 'error' | 'warning' | 'info';
    /** Stable identifier of the kind of problem (shown in brackets by `nettopo check`). */
    readonly code: IssueCode;
    readonly message: string;
    /** The model object the finding is about; its syntax gets the diagnostic. */
    readonly subject: object;
    /** For the route analysis's findings, the key of the cause they report (see causes.ts): one cause, one fix. */
    readonly cause?: string;
    /** The lines that suffer from it (a few: the message gives the count). */
    readonly related?: readonly RelatedSubject[];
    /** The preferred fix: what "fix all" and `check --fix` apply. */
    readonly fix?: Fix;
    /** Other fixes that repair it as well (checked as the preferred one is), offered as quick fixes only. */
    readonly alternatives?: readonly Fix[];
}

/** Beyond this many affected lines, one diagnostic stands for all of them (with the others as related information). */
export const MAX_POINTERS = 3;
