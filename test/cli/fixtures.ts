/** A router between two LANs; B has a route to C's LAN, C none back: one missing return route, one fix. */
export const oneWayLans = `switch s1
switch s2
host B {
  eth0 10.1.0.11/24 -- s1
  route 10.2.0.0/24 via 10.1.0.1
}
router R {
  eth0 10.1.0.1/24 -- s1
  eth1 10.2.0.1/24 -- s2
}
host C {
  eth0 10.2.0.10/24 -- s2
}
`;
