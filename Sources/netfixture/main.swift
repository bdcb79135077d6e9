// netfixture: network stand-ins for the tests, run inside a test's network namespace — a fake home router that
// speaks PCP and/or NAT-PMP (`gateway`), and a listener that reports the mDNS announcements it hears (`listen-mdns`).
// Each prints one line per event on standard output, which the test waits for.
import Glibc

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "gateway":
    let mode = arguments.dropFirst().first ?? "pcp"
    let lifetime = arguments.dropFirst(2).first.flatMap { UInt32($0) } ?? 7200
    guard let behaviour = FakeGateway.Behaviour(rawValue: mode) else {
        fail("netfixture gateway pcp|natpmp|refuse|silent [MAX-LIFETIME]")
    }
    FakeGateway(behaviour: behaviour, maxLifetime: lifetime).run()
case "listen-mdns":
    MDNSListener().run()
default:
    fail("usage: netfixture gateway pcp|natpmp|refuse|silent [MAX-LIFETIME] | netfixture listen-mdns")
}

/// Writes one line to standard output at once (the test reads it through a pipe).
func report(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// Says how to use it on standard error and exits 2.
func fail(_ usage: String) -> Never {
    let bytes = Array((usage + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}
