// PingProbe: `groupbench --ping-probe` — how long the server takes to answer a member's PING, timed at the client
// over 127.0.0.1, while other load runs beside it (for example a 500 msg/s group on a slow disk).
import GroupCLI
import GroupClient
import GroupPosix
import GroupWire
import Glibc

/// What `--ping-probe` measures.
struct PingProbeOptions {
    var address: GroupAddress
    var user: String
    var password: String
    var plaintext: Bool
    /// The pause between one answer and the next PING.
    var everyMillis: Int
    /// How long to probe.
    var duration: Double

    /// Parses `--connect HOST:PORT --ping-probe [--user U] [--password PW] [--every MS] [--duration S] [--plaintext]`,
    /// or returns nil without `--ping-probe`.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> PingProbeOptions? {
        var cursor = ArgumentCursor(arguments)
        guard cursor.flag("--ping-probe") else { return nil }
        guard let connect = try cursor.option("--connect") else { throw .usage("--connect HOST:PORT is required") }
        let user = try cursor.option("--user") ?? "pingprobe"
        let password = try cursor.option("--password") ?? "bench-password"
        let every = try cursor.option("--every") ?? "10"
        guard let everyMillis = Int(every), (0...10_000).contains(everyMillis) else {
            throw .usage("--every must be 0-10000 milliseconds, not '\(every)'")
        }
        let seconds = try cursor.option("--duration") ?? "10"
        guard let duration = Double(seconds), duration > 0, duration <= 3600 else {
            throw .usage("--duration must be a number of seconds above 0 (at most 3600), not '\(seconds)'")
        }
        let plaintext = cursor.flag("--plaintext")
        try cursor.finish()
        return PingProbeOptions(address: try GroupAddress(parsing: connect), user: user, password: password,
            plaintext: plaintext, everyMillis: everyMillis, duration: duration)
    }
}

/// Times PINGs through the real protocol, one at a time.
enum PingProbe {
    static func run(_ options: PingProbeOptions) throws(CommandLineError) -> Int32 {
        let security: ConnectionSecurity = options.plaintext ? .plaintext : .tls(verify: { _ in })
        let connection = try ClientConnection(address: options.address, security: security)
        defer { connection.close() }
        // An open group admits the probe at once; on a second run the name is taken and the login below decides.
        _ = try? connection.call(.register(username: options.user, password: options.password))
        try connection.login(username: options.user, password: options.password)
        var times: [Double] = []
        let deadline = MonotonicClock.nanos() + Int64(options.duration * 1e9)
        while MonotonicClock.nanos() < deadline {
            let start = MonotonicClock.nanos()
            _ = try connection.require(.ping(token: "probe"))
            times.append(Double(MonotonicClock.nanos() - start) / 1e6)
            if options.everyMillis > 0 { usleep(useconds_t(options.everyMillis * 1000)) }
        }
        times.sort()
        print("ping: \(times.count) answered, median \(fixed(times[times.count / 2], 3)) ms, "
            + "p99 \(fixed(times[min(times.count - 1, times.count * 99 / 100)], 3)) ms, max \(fixed(times.last!, 3)) ms")
        _ = try? connection.call(.logout)
        return 0
    }
}
