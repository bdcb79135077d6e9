// JoinLeaveProbe: `groupbench --join-leave N` — what members coming and going at once cost the server, the cost that
// grows with the group rather than with the message: N new members are admitted and log in together, one message
// moves everyone's last-seen number, then all but one disconnect together while the one left counts the "offline"s.
import GroupCLI
import GroupClient
import GroupPosix
import GroupWire

/// What `--join-leave` measures.
struct JoinLeaveOptions {
    /// The group's address.
    var address: GroupAddress
    /// How many members join and leave (the first stays to watch the others go).
    var count: Int
    /// The server's process id (required: the point is its CPU).
    var serverPID: Int32
    var prefix: String
    var password: String
    var plaintext: Bool

    /// Parses `--connect HOST:PORT --join-leave N --server-pid PID [--prefix P] [--password PW] [--plaintext]`, or
    /// returns nil when `--join-leave` is absent.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> JoinLeaveOptions? {
        var cursor = ArgumentCursor(arguments)
        guard let text = try cursor.option("--join-leave") else { return nil }
        guard let count = Int(text), (2...100_000).contains(count) else {
            throw .usage("--join-leave needs a count of members from 2 to 100000, not '\(text)'")
        }
        guard let connect = try cursor.option("--connect") else { throw .usage("--connect HOST:PORT is required") }
        guard let pidText = try cursor.option("--server-pid"), let pid = Int32(pidText), pid > 0 else {
            throw .usage("--join-leave needs --server-pid PID")
        }
        let prefix = try cursor.option("--prefix") ?? "churn"
        let password = try cursor.option("--password") ?? "bench-password"
        let plaintext = cursor.flag("--plaintext")
        try cursor.finish()
        return JoinLeaveOptions(
            address: try GroupAddress(parsing: connect), count: count, serverPID: pid, prefix: prefix, password: password,
            plaintext: plaintext)
    }
}

/// Runs the three steps and prints the server's CPU (all threads, and the main thread: the event loop in
/// nonblocking mode) and the wall time of the joins and of the leaves.
enum JoinLeaveProbe {
    /// Give up waiting for the server after this long.
    static let timeoutMillis: Int64 = 120_000

    static func run(_ options: JoinLeaveOptions) throws(CommandLineError) -> Int32 {
        try prepareForConnections(options.count, option: "--join-leave")
        let usage = try ServerUsage(pid: options.serverPID)
        let poller: EpollPoller
        do { poller = try EpollPoller(capacity: 1024) } catch { throw CommandLineError("epoll: \(error.reason)") }
        let scratch = ScratchBuffer()
        let setup = BenchOptions(
            address: options.address, clients: options.count, senders: 1, duration: 1, rate: nil, serverPID: options.serverPID,
            inFlight: 1, size: 16, prefix: options.prefix, password: options.password, plaintext: options.plaintext)

        let beforeJoin = try reading(usage)
        let members = try AccountSetup(options: setup, poller: poller, scratch: scratch).run()
        defer { for member in members { member.close() } }
        let afterJoin = try reading(usage)
        let watcher = members[0]
        // One message: every member saw it live, so each one's last-seen number moves when they disconnect.
        watcher.queue(ClientRequest.groupMessage(text: "everyone leaves now").encoded())
        if let reason = watcher.flush() { throw CommandLineError("\(watcher.name): \(reason)") }
        _ = try collect(watcher, scratch, what: "the acknowledgement of its message") { type, payload in
            guard type == EventCode.response.rawValue else { return 0 }
            var cursor = PayloadCursor(payload)
            return cursor.number() == 200 && cursor.number() == UInt64(CommandCode.groupMessage.rawValue) ? 1 : 0
        } until: { $0 >= 1 }

        let beforeLeave = try reading(usage)
        for member in members.dropFirst() {
            while case .bytes = member.read(into: scratch) {}  // read what waits, so the close is a plain FIN
            member.close()
        }
        let offline = Array("|offline".utf8)
        _ = try collect(watcher, scratch, what: "\(options.count - 1) members going offline") { type, payload in
            type == EventCode.presence.rawValue && payload.count >= offline.count
                && payload[(payload.count - offline.count)...].elementsEqual(offline) ? 1 : 0
        } until: { $0 >= options.count - 1 }
        let afterLeave = try reading(usage)

        let joins = afterJoin - beforeJoin
        let leaves = afterLeave - beforeLeave
        print("members                   \(options.count) admitted and logged in together, then \(options.count - 1) disconnected together")
        print("join (register + login)   wall \(fixed(joins.wall, 2)) s, server CPU \(fixed(joins.cpu, 2)) s "
            + "(main thread \(fixed(joins.mainThread, 2)) s; password hashing runs on other threads), "
            + "\(joins.disk / 1024) KiB written to disk")
        print("leave (disconnect)        wall \(fixed(leaves.wall, 3)) s, server CPU \(fixed(leaves.cpu, 3)) s "
            + "(main thread \(fixed(leaves.mainThread, 3)) s), \(fixed(leaves.cpu / Double(options.count - 1) * 1e6, 0)) µs per leave, "
            + "\(leaves.disk / 1024) KiB written to disk")
        print("members=\(options.count) join_wall_s=\(fixed(joins.wall, 3)) join_cpu_s=\(fixed(joins.cpu, 3)) "
            + "join_main_cpu_s=\(fixed(joins.mainThread, 3)) join_disk_kib=\(joins.disk / 1024) "
            + "leave_wall_s=\(fixed(leaves.wall, 3)) leave_cpu_s=\(fixed(leaves.cpu, 3)) "
            + "leave_main_cpu_s=\(fixed(leaves.mainThread, 3)) leave_disk_kib=\(leaves.disk / 1024)")
        return 0
    }

    /// The server's CPU (whole tree and main thread) and the clock, read together.
    private struct Reading {
        var cpu: Double
        var mainThread: Double
        var wall: Double
        /// Bytes written to storage (0 when /proc/PID/io is unreadable).
        var disk: Int

        static func - (after: Reading, before: Reading) -> Reading {
            Reading(cpu: after.cpu - before.cpu, mainThread: after.mainThread - before.mainThread, wall: after.wall - before.wall,
                disk: after.disk - before.disk)
        }
    }

    private static func reading(_ usage: ServerUsage) throws(CommandLineError) -> Reading {
        guard let sample = usage.sample(), let main = usage.mainThreadCPUSeconds() else {
            throw CommandLineError("the server (pid \(usage.pid)) is gone")
        }
        return Reading(cpu: sample.cpuSeconds, mainThread: main, wall: Double(MonotonicClock.nanos()) / 1e9,
            disk: usage.storageWrittenBytes() ?? 0)
    }

    /// Reads `member`'s frames, adding what `count` says of each, until `done` holds for the total.
    private static func collect(
        _ member: MemberConnection, _ scratch: ScratchBuffer, what: String,
        count: (UInt16, UnsafeRawBufferPointer) -> Int, until done: (Int) -> Bool
    ) throws(CommandLineError) -> Int {
        let deadline = MonotonicClock.millis() + timeoutMillis
        var total = 0
        while !done(total) {
            let left = deadline - MonotonicClock.millis()
            guard left > 0 else { throw CommandLineError("\(member.name) waited \(timeoutMillis / 1000) s for \(what); got \(total)") }
            do { _ = try member.socket.waitReadable(timeoutMillis: Int32(min(left, 1000))) } catch {
                throw CommandLineError("poll: \(error.reason)")
            }
            switch member.read(into: scratch) {
            case .wouldBlock: continue
            case .closed(let reason): throw CommandLineError("\(member.name): \(reason)")
            case .bytes(let bytes):
                let consumed = FrameScanner.scan(bytes, maxPayload: WireLimits.maxServerPayload) { type, payload in
                    if type == EventCode.ping.rawValue {
                        member.queue(FrameEncoder.encode(type: CommandCode.pong.rawValue, payload: Array(payload)))
                        _ = member.flush()
                    }
                    total += count(type, payload)
                }
                guard let consumed else { throw CommandLineError("the server sent a frame larger than 1 MiB") }
                member.keep(bytes, from: consumed)
            }
        }
        return total
    }
}
