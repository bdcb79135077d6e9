// netfixture: network stand-ins for the tests, run inside a test's network namespace — a fake home router that
// speaks PCP and/or NAT-PMP (`gateway`), a listener that reports the mDNS announcements it hears (`listen-mdns`),
// and a client that holds one TCP connection open (`hold`).
// Each prints one line per event on standard output, which the test waits for.
import GroupPosix
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
case "hold":
    // One TCP connection, held open and silent until the fixture is stopped (a connection counted by the server).
    guard arguments.count == 3, let port = UInt16(arguments[2]),
        let socket = try? Socket.connect(host: arguments[1], port: port, timeoutMillis: 5000)
    else { fail("usage: netfixture hold HOST PORT (and HOST:PORT must accept a connection)") }
    report("ready")
    while (try? socket.waitReadable(timeoutMillis: -1)) != nil {
        var byte = [UInt8](repeating: 0, count: 1024)
        guard case .processed(let count)? = try? byte.withUnsafeMutableBytes({ try socket.read(into: $0) }), count > 0 else { break }
    }
    report("closed")
default:
    fail("usage: netfixture gateway pcp|natpmp|refuse|silent [MAX-LIFETIME] | netfixture listen-mdns | netfixture hold HOST PORT")
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
