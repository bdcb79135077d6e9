// BenchOptions: groupbench's command line, parsed and checked.
import GroupCLI
import GroupClient

/// What one `groupbench` run does: where to connect, how many members, how hard to push, what to watch.
struct BenchOptions: Sendable {
    /// The group's address.
    var address: GroupAddress
    /// How many members connect and receive (N).
    var clients: Int
    /// How many of them send (S, the first S members).
    var senders: Int
    /// How long the senders send, in seconds.
    var duration: Double
    /// Messages per second in total, or nil for "as fast as the server acknowledges".
    var rate: Double?
    /// The server's process id, for CPU and memory figures.
    var serverPID: Int32?
    /// Unacknowledged messages each sender may have outstanding.
    var inFlight: Int
    /// Message text size in bytes.
    var size: Int
    /// Username prefix; members are PREFIX0, PREFIX1, ...
    var prefix: String
    /// Every member's password.
    var password: String
    /// `--plaintext`: connect without TLS (the server must run with --plaintext too).
    var plaintext: Bool

    static let usage = """
        usage: groupbench --connect HOST:PORT --clients N --senders S --duration SECONDS [--rate MSGS_PER_S]
                          [--server-pid PID] [--in-flight K] [--size BYTES] [--prefix NAME] [--password PW]
                          [--plaintext]
               groupbench --connect HOST:PORT --idle N --server-pid PID [--hold SECONDS] [--plaintext]
               groupbench --connect HOST:PORT --history-probe [--user U] [--password PW] [--samples N]
                          [--search WORDS]... [--repeat N] [--plaintext]
               groupbench --connect HOST:PORT --ping-probe [--user U] [--password PW] [--every MS] [--duration S]
                          [--plaintext]
               groupbench --connect HOST:PORT --join-leave N --server-pid PID [--prefix P] [--password PW] [--plaintext]
               groupbench --generate-transcript DIR --messages N --names A,B,...
        Registers (or logs in) N members named PREFIX0..PREFIX(N-1), has S of them send group messages for
        SECONDS (as fast as acknowledged with at most K in flight each, or R per second in total), checks
        that every member receives every message in order, and prints throughput, latency and, with
        --server-pid, the server's CPU and memory, next to groupbench's own CPU. Messages refused (429) and members
        disconnected for flooding are counted apart from lost deliveries; it exits 1 only when an acknowledged
        message was lost or reordered, or a connection ended otherwise. The server must run with --admission open
        (and, for many members from one address, --max-joins-per-ip 0 --max-connections-per-ip 0; to measure speed
        rather than the flood limits, --max-message-rate 0).
        Defaults: --in-flight 8 --size 64 --prefix bench --password bench-password.
        With --idle N it only opens N connections that say hello, and reports the server's memory per connection;
        --hold keeps them open that many seconds more, to look at the server's /proc/PID/smaps.
        --history-probe logs in as U (bench0) and times history pages (newest, middle, oldest; 20 and 200 messages)
        and each --search over the whole transcript. --ping-probe logs in as U (pingprobe; registered first in an
        open group) and times one PING at a time, MS (10) apart, for S (10) seconds, beside other load.
        --join-leave N registers N new members (prefix churn) and logs them in together, sends one message, then
        disconnects all but the first together, and reports the server's CPU and wall time for the joins and for the
        leaves (examples/join-leave.sh). --generate-transcript writes N messages from the named
        members into a stopped group's transcript.txt (and removes transcript.idx): see examples/big-history.sh.
        Connections use TLS unless --plaintext is given (for a server started with --plaintext); groupbench
        measures your own server and does not check its fingerprint.
        """

    /// Parses the arguments (without the program name); nil when help was asked for.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> BenchOptions? {
        var cursor = ArgumentCursor(arguments)
        if cursor.flag("--help", "-h") { return nil }
        guard let connect = try cursor.option("--connect") else { throw .usage("--connect HOST:PORT is required") }
        let address = try GroupAddress(parsing: connect)
        let clients = try integer(cursor.option("--clients"), "--clients", range: 2...1_000_000, required: true)!
        let senders = try integer(cursor.option("--senders"), "--senders", range: 1...clients, required: true)!
        guard let durationText = try cursor.option("--duration") else { throw .usage("--duration SECONDS is required") }
        guard let duration = Double(durationText), duration > 0, duration <= 86_400 else {
            throw .usage("--duration must be a number of seconds above 0, not '\(durationText)'")
        }
        var rate: Double?
        if let text = try cursor.option("--rate") {
            guard let value = Double(text), value > 0, value <= 100_000_000 else {
                throw .usage("--rate must be a number of messages per second above 0, not '\(text)'")
            }
            rate = value
        }
        let pid = try integer(cursor.option("--server-pid"), "--server-pid", range: 1...Int(Int32.max), required: false)
        let inFlight = try integer(cursor.option("--in-flight"), "--in-flight", range: 1...100_000, required: false) ?? 8
        let size = try integer(cursor.option("--size"), "--size", range: 1...4096, required: false) ?? 64
        let prefix = try cursor.option("--prefix") ?? "bench"
        guard !prefix.isEmpty, prefix.utf8.count <= 24,
            prefix.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D })
        else { throw .usage("--prefix must be 1-24 of a-z, 0-9, '_' and '-', not '\(prefix)'") }
        let plaintext = cursor.flag("--plaintext")
        let password = try cursor.option("--password") ?? "bench-password"
        guard !password.isEmpty, !password.utf8.contains(0x7C) else {
            throw .usage("--password must be non-empty and may not contain '|'")
        }
        try cursor.finish()
        return BenchOptions(
            address: address, clients: clients, senders: senders, duration: duration, rate: rate,
            serverPID: pid.map { Int32($0) }, inFlight: inFlight, size: size, prefix: prefix, password: password,
            plaintext: plaintext)
    }

    private static func integer(
        _ text: String?, _ name: String, range: ClosedRange<Int>, required: Bool
    ) throws(CommandLineError) -> Int? {
        guard let text else {
            if required { throw .usage("\(name) is required") }
            return nil
        }
        guard let value = Int(text), range.contains(value) else {
            throw .usage("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }
}
