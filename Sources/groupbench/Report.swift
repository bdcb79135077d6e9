// Report: the human-readable table and the one machine-readable key=value line.

/// A finished run's figures, ready to print.
struct BenchReport {
    /// The run's options.
    let options: BenchOptions
    /// The load phase's figures.
    let load: LoadResult
    /// Deliveries, order and latency.
    let ledger: DeliveryLedger
    /// Server resident memory after every member logged in, before the load (KiB).
    let connectedKiB: Int?
    /// The same moment's proportional set size (shared pages divided among their sharers), in KiB.
    let connectedPssKiB: Int?
    /// The server's proportional set size before the members connected, in KiB.
    let startPssKiB: Int?
    /// Deliveries owed (every acknowledged message to every member but its sender that was in the group when it was
    /// delivered) and received, counted message by message.
    let account: DeliveryAccount

    /// Gathers a finished run's figures.
    init(
        options: BenchOptions, load: LoadResult, ledger: DeliveryLedger, connectedKiB: Int?, connectedPssKiB: Int?,
        startPssKiB: Int?
    ) {
        self.startPssKiB = startPssKiB
        self.options = options
        self.load = load
        self.ledger = ledger
        self.connectedKiB = connectedKiB
        self.connectedPssKiB = connectedPssKiB
        account = ledger.book.account(clients: options.clients, cutoffs: load.cutoffs)
    }

    /// Deliveries owed.
    var expected: Int { account.expected }
    /// Deliveries owed that never arrived.
    var lost: Int { account.lost }
    /// Whether the server's flood limits refused messages or disconnected members: then they, not its speed, set the
    /// pace, and the throughput figures say little about the server.
    var limitedByServer: Bool { load.rejected > 0 || load.kicked > 0 }
    /// groupbench's CPU time as a share of one core over the load; near 1 it, not the server, may have set the pace.
    var benchCoreShare: Double { load.elapsedSeconds > 0 ? load.benchCPUSeconds / load.elapsedSeconds : 0 }
    /// Whether groupbench used (nearly) all of its one core: the share from which it reports itself as saturated.
    static let saturatedShare = 0.9
    /// What each logged-in member added to the server's proportional set size (KiB): the PSS after connecting less
    /// the PSS before, over the members.
    var pssPerMember: Double? {
        guard let connectedPssKiB, let startPssKiB else { return nil }
        return Double(connectedPssKiB - startPssKiB) / Double(options.clients)
    }
    /// What set the pace of the run, in one word for the key=value line.
    var shapedBy: String {
        limitedByServer ? "server_limits" : benchCoreShare >= Self.saturatedShare ? "groupbench" : "server"
    }
    /// CPU seconds as microseconds per delivery (every delivery counted, acknowledged or not).
    private func perDelivery(_ seconds: Double) -> Double {
        ledger.delivered > 0 ? seconds * 1e6 / Double(ledger.delivered) : 0
    }
    /// Acknowledged messages per second over the whole load (send + drain until the last arrival).
    var messagesPerSecond: Double { load.elapsedSeconds > 0 ? Double(load.acked) / load.elapsedSeconds : 0 }
    /// Deliveries per second over the same time.
    var deliveriesPerSecond: Double { load.elapsedSeconds > 0 ? Double(ledger.delivered) / load.elapsedSeconds : 0 }

    private func millis(_ p: Double) -> String { fixed(Double(ledger.latency.percentile(p)) / 1000, 3) }
    private var maxMillis: String { fixed(Double(ledger.latency.maxMicros) / 1000, 3) }

    /// The table, then the key=value line, one string per line.
    func lines() -> [String] {
        let mode = options.rate.map { "\(fixed($0, 1)) msgs/s in total" } ?? "as fast as acknowledged"
        let serverCPU = load.serverCPUSeconds.map { fixed($0, 2) + " s (" + fixed(perDelivery($0), 3) + " µs per delivery)" }
            ?? "n/a (no --server-pid)"
        var benchCPU = fixed(load.benchCPUSeconds, 2) + " s (" + fixed(perDelivery(load.benchCPUSeconds), 3)
            + " µs per delivery, " + fixed(benchCoreShare * 100, 0) + " % of its one core)"
        if benchCoreShare >= Self.saturatedShare {
            benchCPU += "; SATURATED: groupbench, not the server, may have set the pace"
        }
        let peak = load.serverPeakKiB.map { fixed(Double($0) / 1024, 1) + " MiB" } ?? "n/a"
        var connected = "n/a"
        if let connectedKiB {
            connected = fixed(Double(connectedKiB) / 1024, 1) + " MiB ("
                + fixed(Double(connectedKiB) / Double(options.clients), 1) + " KiB per client)"
        }
        var proportional = "n/a"
        if let connectedPssKiB {
            proportional = fixed(Double(connectedPssKiB) / 1024, 1) + " MiB ("
                + fixed(Double(connectedPssKiB) / Double(options.clients), 1) + " KiB per client"
                + (pssPerMember.map { ", " + fixed($0, 1) + " KiB per client over the server's own before they came" } ?? "") + ")"
        }
        var table: [(String, String)] = [
            ("clients", "\(options.clients)"),
            ("senders", "\(options.senders) (\(mode), at most \(options.inFlight) in flight each, \(options.size)-byte texts)"),
            ("duration", fixed(load.sendSeconds, 3) + " s sending, " + fixed(load.elapsedSeconds, 3) + " s to the last arrival"),
            ("messages sent / acked", "\(load.sent) / \(load.acked)"),
            ("refused", "\(load.rejected)" + (load.firstRejection.map { " (first: \($0))" } ?? "")),
            ("kicked for flooding", "\(load.kicked) members"),
            ("messages per second", fixed(messagesPerSecond, 1)),
            ("deliveries", "\(account.delivered) of \(expected) expected"),
            ("deliveries per second", fixed(deliveriesPerSecond, 1)),
            ("latency p50 / p99 / max", "\(millis(0.5)) / \(millis(0.99)) / \(maxMillis) ms"),
            ("lost", "\(lost)" + (ledger.gaps > 0 && load.rejected == 0 ? " (\(ledger.gaps) gaps seen in counters)" : "")
                + (account.unacknowledged > 0 ? " (not counted: \(account.unacknowledged) deliveries of messages saved but "
                    + "never acknowledged, their sender disconnected first)" : "")),
            ("out of order", "\(ledger.outOfOrder)"),
            ("server CPU", serverCPU),
            ("server peak RSS", peak),
            ("server RSS after connect", connected),
            ("server PSS after connect", proportional),
            ("bench CPU", benchCPU),
        ]
        if limitedByServer {
            table.append(("shaped by", "the server's flood limits, not its speed (\(load.rejected) refused, \(load.kicked) kicked); "
                + "to measure speed run groupd with --max-message-rate 0"))
        }
        if load.closedConnections > 0 { table.append(("connections lost", "\(load.closedConnections)")) }
        if !load.drained { table.append(("drain", "incomplete after 10 s")) }
        let width = table.map(\.0.count).max() ?? 0
        var lines = table.map { label, value in
            label + String(repeating: " ", count: width - label.count) + "  " + value
        }
        let pairs: [(String, String)] = [
            ("clients", "\(options.clients)"),
            ("senders", "\(options.senders)"),
            ("duration_s", fixed(load.sendSeconds, 3)),
            ("sent", "\(load.sent)"),
            ("acked", "\(load.acked)"),
            ("msgs_per_s", fixed(messagesPerSecond, 1)),
            ("deliveries_per_s", fixed(deliveriesPerSecond, 1)),
            ("p50_ms", millis(0.5)),
            ("p99_ms", millis(0.99)),
            ("max_ms", maxMillis),
            ("lost", "\(lost)"),
            ("out_of_order", "\(ledger.outOfOrder)"),
            ("server_cpu_s", load.serverCPUSeconds.map { fixed($0, 3) } ?? "-1"),
            ("server_peak_rss_kib", load.serverPeakKiB.map { "\($0)" } ?? "-1"),
            ("server_connected_rss_kib", connectedKiB.map { "\($0)" } ?? "-1"),
            ("server_connected_pss_kib", connectedPssKiB.map { "\($0)" } ?? "-1"),
            ("bench_cpu_s", fixed(load.benchCPUSeconds, 3)),
            ("refused", "\(load.rejected)"),
            ("kicked", "\(load.kicked)"),
            ("server_cpu_us_per_delivery", load.serverCPUSeconds.map { fixed(perDelivery($0), 3) } ?? "-1"),
            ("bench_cpu_us_per_delivery", fixed(perDelivery(load.benchCPUSeconds), 3)),
            ("bench_core_share", fixed(benchCoreShare, 2)),
            ("shaped_by", shapedBy),
            ("server_pss_kib_per_member", pssPerMember.map { fixed($0, 1) } ?? "-1"),
        ]
        lines.append(pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
        return lines
    }
}

/// `value` with exactly `digits` decimals, rounded half away from zero ("12.50"), without Foundation.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale: Double = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let whole = UInt64(scaled)
    let integer = whole / UInt64(scale)
    var fraction = String(whole % UInt64(scale))
    if digits > 0 { fraction = String(repeating: "0", count: digits - fraction.count) + fraction }
    let sign = value < 0 && whole > 0 ? "-" : ""
    return sign + "\(integer)" + (digits > 0 ? "." + fraction : "")
}
