/**
 * Every kind of problem nettopo reports, as findings (checks/), diagnostics (net-validator.ts) and
 * the data code actions read: one stable code each, shown in brackets by `nettopo check`.
 */
export const IssueCodes = {
    // Syntax-level values (net-validator.ts).
    DuplicateName: 'duplicate-name',
    InvalidAddress: 'invalid-address',
    InterfaceNameTooLong: 'interface-name-too-long',
    ReservedInterfaceName: 'reserved-interface-name',
    LinkConflict: 'link-conflict',
    DuplicateOption: 'duplicate-option',
    InvalidMetric: 'invalid-metric',
    RouteNeedsNextHop: 'route-needs-next-hop',
    // `import` lines (net-import-validator.ts).
    ImportUnreadable: 'import-unreadable',
    ImportCycle: 'import-cycle',
    ImportPlacement: 'import-placement',
    // `routes from "FILE"` (net-validator.ts): a file that cannot be read, a line that is not a route, multipath routes.
    RouteFileUnreadable: 'route-file-unreadable',
    RouteFileLine: 'route-file-line',
    RouteFileMultipath: 'route-file-multipath',
    // Bridges, nat and filter lines (net-rule-validator.ts).
    BridgeLink: 'bridge-link',
    InvalidPolicy: 'invalid-policy',
    NatNeedsSource: 'nat-needs-source',
    OptionNotInChain: 'option-not-in-chain',
    PingTargetNoAddress: 'ping-target-no-address',
    PingFromNoInterface: 'ping-from-no-interface',
    PingCountOutOfRange: 'ping-count-out-of-range',
    // The configuration (topology-checks.ts).
    DuplicateAddress: 'duplicate-address',
    NetworkAddress: 'network-address',
    BroadcastAddress: 'broadcast-address',
    OutsideSwitchPrefix: 'outside-switch-prefix',
    LinkNoCommonSubnet: 'link-no-common-subnet',
    SysctlNotModelled: 'sysctl-not-modelled',
    SysctlUnknownInterface: 'sysctl-unknown-interface',
    SysctlValue: 'sysctl-value',
    RouteRefused: 'route-refused',
    // Subnets and route cycles at the line that causes them (subnet-checks.ts, bridge-overlap.ts, route-cycles.ts).
    PrefixWiderThanSegment: 'prefix-wider-than-segment',
    SubnetOnTwoInterfaces: 'subnet-on-two-interfaces',
    OverlappingSubnets: 'overlapping-subnets',
    BridgeOverlapsLan: 'bridge-overlaps-lan',
    RouteCycle: 'route-cycle',
    // Containers (container-checks.ts).
    RuleUnknownInterface: 'rule-unknown-interface',
    NatWithoutForwarding: 'nat-without-forwarding',
    OutsideBridgeSubnet: 'outside-bridge-subnet',
    GatewayNotOwned: 'gateway-not-owned',
    GatewayIgnoresArp: 'gateway-ignores-arp',
    ContainerNoDefaultRoute: 'container-no-default-route',
    // Docker shapes Docker would refuse (shapes/docker-shapes.ts).
    ShapeNeedsDocker: 'shape-needs-docker',
    ShapeUnknownNetwork: 'shape-unknown-network',
    ShapeAddress: 'shape-address',
    ShapeRepeated: 'shape-repeated',
    ShapeNoCommonLan: 'shape-no-common-lan',
    // The route analysis's causes (cause-report.ts) and the `ping` expectations (ping-checks.ts).
    GatewayNotForwarding: 'gateway-not-forwarding',
    MissingReturnRoute: 'missing-return-route',
    UnreachableDestination: 'unreachable-destination',
    InterfaceDown: 'interface-down',
    AnalysisSampled: 'analysis-sampled',
    PingExpectation: 'ping-expectation'
} as const;

export type IssueCode = (typeof IssueCodes)[keyof typeof IssueCodes];
