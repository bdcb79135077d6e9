// IdleProbe: `groupbench --idle N` — open N connections that only say hello, and measure what each costs
// the server in resident memory.
import GroupCLI
import GroupClient
import GroupPosix
import GroupTLS
import GroupWire
import Glibc

/// What `--idle` measures.
struct IdleOptions {
    /// The group's address.
    var address: GroupAddress
    /// How many idle connections to open.
    var count: Int
    /// The server's process id (required: the point is its memory).
    var serverPID: Int32
    /// `--plaintext`: connect without TLS.
    var plaintext: Bool
    /// `--hold SECONDS`: keep the connections open this long after measuring, to look at the server's `/proc`.
    var holdSeconds: Int

    /// Parses `--connect HOST:PORT --idle N --server-pid PID [--hold SECONDS]`, or returns nil when `--idle` is absent.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> IdleOptions? {
        var cursor = ArgumentCursor(arguments)
        guard let idle = try cursor.option("--idle") else { return nil }
        guard let count = Int(idle), (1...1_000_000).contains(count) else { throw .usage("--idle needs a count, not '\(idle)'") }
        guard let connect = try cursor.option("--connect") else { throw .usage("--connect HOST:PORT is required") }
        guard let pidText = try cursor.option("--server-pid"), let pid = Int32(pidText) else {
            throw .usage("--idle needs --server-pid PID")
        }
        let plaintext = cursor.flag("--plaintext")
        var hold = 0
        if let text = try cursor.option("--hold") {
            guard let seconds = Int(text), (0...86_400).contains(seconds) else { throw .usage("--hold needs seconds, not '\(text)'") }
            hold = seconds
        }
        try cursor.finish()
        return IdleOptions(
            address: try GroupAddress(parsing: connect), count: count, serverPID: pid, plaintext: plaintext, holdSeconds: hold)
    }
}

/// Opens the idle connections and reports the server's memory before and after.
enum IdleProbe {
    /// How long the connections stay quiet after the last welcome before the server is measured again.
    static let settleMicros: UInt32 = 1_000_000

    static func run(_ options: IdleOptions) throws(CommandLineError) -> Int32 {
        try prepareForConnections(options.count, option: "--idle")
        let usage = try ServerUsage(pid: options.serverPID)
        let before = (usage.sample()?.residentKiB ?? 0, usage.proportionalKiB() ?? 0)
        let hello = ClientRequest.hello(version: WireLimits.protocolVersion, client: "groupbench-idle").encoded()
        var sockets: [Socket] = []
        var sessions: [TLSSession] = []  // kept alive with their connections
        sockets.reserveCapacity(options.count)
        defer { for socket in sockets { socket.close() } }
        for index in 0..<options.count {
            do {
                let socket = try Socket.connect(host: options.address.host, port: options.address.port, timeoutMillis: 10_000)
                sockets.append(socket)
                if options.plaintext {
                    try socket.writeAll(hello)
                } else {
                    let tls = try BlockingHandshake.run(on: socket, address: options.address, timeoutMillis: 10_000)
                    try tls.send(hello)
                    try socket.writeAll(tls.takeOutput())
                    sessions.append(tls)
                }
            } catch let error as SystemError {
                throw CommandLineError("connection \(index + 1) of \(options.count) failed: \(error.reason)")
            } catch let error as CommandLineError {
                throw error
            } catch {
                throw CommandLineError("connection \(index + 1) of \(options.count) failed: \(error)")
            }
            if (index + 1) % 1000 == 0 { printError("groupbench: \(index + 1)/\(options.count) connected") }
        }
        var welcome = [UInt8](repeating: 0, count: 256)
        for (index, socket) in sockets.enumerated() {
            guard (try? socket.waitReadable(timeoutMillis: 30_000)) == true,
                welcome.withUnsafeMutableBytes({ read(socket.fd, $0.baseAddress, $0.count) }) > 0
            else { throw CommandLineError("connection \(index + 1) got no welcome") }
        }
        // Idle means idle: a server may give back what a connection's start-up used once it has been quiet a moment.
        usleep(IdleProbe.settleMicros)
        let after = (usage.sample()?.residentKiB ?? 0, usage.proportionalKiB() ?? 0)
        let perRSS = Double(after.0 - before.0) / Double(options.count)
        let perPSS = Double(after.1 - before.1) / Double(options.count)
        print("idle connections          \(options.count) (each said hello and was welcomed; measured 1 s later)")
        print("server RSS before / after \(before.0) / \(after.0) KiB (\(fixed(perRSS, 2)) KiB per connection)")
        print("server PSS before / after \(before.1) / \(after.1) KiB (\(fixed(perPSS, 2)) KiB per connection)")
        print("idle_connections=\(options.count) rss_before_kib=\(before.0) rss_after_kib=\(after.0) "
            + "pss_before_kib=\(before.1) pss_after_kib=\(after.1) rss_kib_per_connection=\(fixed(perRSS, 2)) "
            + "pss_kib_per_connection=\(fixed(perPSS, 2))")
        if options.holdSeconds > 0 {
            printError("groupbench: holding the connections for \(options.holdSeconds) s")
            fflush(nil)  // the report reaches a pipe before the wait
            sleep(UInt32(options.holdSeconds))
        }
        return 0
    }
}
