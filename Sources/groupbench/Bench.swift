// Bench: one whole run — prepare the process, bring the members online, load, report, disconnect.
import GroupCLI
import GroupPosix
import Glibc

/// The run from start to finish; the only place that prints the report.
enum Bench {
    /// Runs the benchmark described by `options` and prints the report.
    /// - Returns: The exit code (0).
    /// - Throws: ``CommandLineError`` when the server cannot be reached, an account cannot be made, connections
    ///   were lost during the load, or a delivery of an acknowledged message was lost or out of order (after the
    ///   report is printed). Members the server disconnected for flooding are reported, not an error.
    static func run(_ options: BenchOptions) throws(CommandLineError) -> Int32 {
        try prepareForConnections(options.clients, option: "--clients")
        var usage: ServerUsage?
        if let pid = options.serverPID { usage = try ServerUsage(pid: pid) }
        let poller: EpollPoller
        do { poller = try EpollPoller(capacity: 1024) } catch { throw CommandLineError("epoll: \(error.reason)") }
        let scratch = ScratchBuffer()

        let startPss = usage?.proportionalKiB()
        let members = try AccountSetup(options: options, poller: poller, scratch: scratch).run()
        defer { for member in members { member.close() } }
        let connected = usage?.sample()
        let connectedPss = usage?.proportionalKiB()

        printError("groupbench: \(options.clients) members online; \(options.senders) sending for \(fixed(options.duration, 1)) s")
        let generator = LoadGenerator(options: options, members: members, poller: poller, scratch: scratch, usage: usage)
        let load = generator.run(peakKiB: connected?.residentKiB)
        let report = BenchReport(options: options, load: load, ledger: generator.ledger, connectedKiB: connected?.residentKiB,
            connectedPssKiB: connectedPss, startPssKiB: startPss)
        for line in report.lines() { print(line) }

        if let rejection = load.firstRejection {
            printError("groupbench: the server refused \(load.rejected) messages, first: \(rejection)")
        }
        if load.kicked > 0 {
            printError("groupbench: the server disconnected \(load.kicked) members for flooding; "
                + "what they were owed ends where they left")
        }
        if load.closedConnections > 0 {
            throw CommandLineError("\(load.closedConnections) connections ended during the load; first: \(load.closeReason ?? "?")")
        }
        if let reason = load.closeReason { printError("groupbench: \(reason)") }
        if load.unmatchedAcks > 0 {
            throw CommandLineError("\(load.unmatchedAcks) acknowledgements did not follow the sender's own copy of the message")
        }
        if report.lost > 0 || generator.ledger.outOfOrder > 0 {
            throw CommandLineError("\(report.lost) deliveries of acknowledged messages were lost and "
                + "\(generator.ledger.outOfOrder) arrived out of order")
        }
        return 0
    }
}

/// Ignores SIGPIPE (the server may close a connection while it is being written to) and raises the descriptor
/// limit for `count` connections and a few more descriptors.
/// - Throws: ``CommandLineError`` naming `option` (which asked for the connections) when the limit is too low.
func prepareForConnections(_ count: Int, option: String) throws(CommandLineError) {
    signal(SIGPIPE, SIG_IGN)
    let limit = Int(clamping: ResourceLimits.raiseDescriptorLimit())
    guard count + 32 <= limit else {
        throw CommandLineError("\(option) \(count) needs that many descriptors but the limit is \(limit) (ulimit -n)")
    }
}
