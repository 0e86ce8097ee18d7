/** A suggested edit that fixes a finding: add a line to a node's block. */
export interface FixSuggestion {
    readonly node: string;
    /** The line to add, e.g. `route 192.168.1.0/24 via 192.168.2.1`. */
    readonly line: string;
}

/** A problem found in the model, about one model object (node, interface, route, sysctl, switch, ping). */
export interface Finding {
    readonly severity: 'error' | 'warning' | 'info';
    /** Stable identifier of the kind of problem (shown in brackets by `nettopo check`). */
    readonly code: string;
    readonly message: string;
    /** The model object the finding is about; its syntax gets the diagnostic. */
    readonly subject: object;
    readonly fix?: FixSuggestion;
}
