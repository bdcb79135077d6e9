// BenchEndToEndTests: the groupbench binary against the real groupd — its figures add up, its failures are one line.
import Foundation
import GroupPosix
import GroupTestSupport
import Testing

/// groupbench runs against a real groupd in every mode: consistent figures, reused accounts, clear failures.
@Suite("groupbench", .tags(.endToEnd))
struct BenchEndToEndTests {
    @Test(arguments: ServerModes.all)
    func asFastAsAcknowledgedEveryMessageReachesEveryMember(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let run = try BenchRun(["--connect", "127.0.0.1:\(group.server.port)", "--clients", "5", "--senders", "2",
            "--duration", "1", "--server-pid", "\(group.server.pid)"])
        try run.expectConsistent(clients: 5, senders: 2)
        #expect(try run.figure("server_peak_rss_kib") > 0)
        #expect(try run.figure("server_connected_rss_kib") > 0)
        #expect(run.stdout.contains("latency p50 / p99 / max"))
    }

    @Test(arguments: ServerModes.all)
    func withPlaintextOnBothSidesItMeasuresWithoutTLS(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--plaintext"] + TestGroup.unlimited)
        let address = "127.0.0.1:\(group.server.port)"
        let run = try BenchRun(["--connect", address, "--clients", "4", "--senders", "2", "--duration", "1", "--server-pid", "\(group.server.pid)", "--plaintext"])
        try run.expectConsistent(clients: 4, senders: 2)
        let idle = try BenchRun(["--connect", address, "--idle", "10", "--server-pid", "\(group.server.pid)", "--plaintext"])
        #expect(try idle.figure("idle_connections") == 10)
        // Without --plaintext groupbench expects TLS and says why it cannot measure.
        let mismatched = try BenchRun(["--connect", address, "--clients", "4", "--senders", "2", "--duration", "1"])
        #expect(mismatched.status == 1)
        #expect(mismatched.stderr.contains("does not use TLS"), "\(mismatched.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func atAFixedRateTheRateIsKeptAndTheAccountsAreReused(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let address = "127.0.0.1:\(group.server.port)"
        let first = try BenchRun(["--connect", address, "--clients", "5", "--senders", "2", "--duration", "1",
            "--server-pid", "\(group.server.pid)"])
        #expect(first.status == 0, "\(first.stderr)")
        // The second run finds the accounts of the first (409 on register) and logs in with them.
        let run = try BenchRun(["--connect", address, "--clients", "5", "--senders", "2", "--duration", "1",
            "--rate", "50", "--server-pid", "\(group.server.pid)"])
        try run.expectConsistent(clients: 5, senders: 2)
        #expect(run.stderr.contains("0 new, 5 existing"))
        let acked = try run.figure("acked")
        #expect(acked >= 40 && acked <= 52, "acked \(acked) at 50 msgs/s for 1 s")
    }

    @Test(arguments: ServerModes.all)
    func membersJoiningAndLeavingTogetherAreMeasured(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--plaintext"] + TestGroup.unlimited)
        let run = try BenchRun(["--connect", "127.0.0.1:\(group.server.port)", "--join-leave", "6",
            "--server-pid", "\(group.server.pid)", "--plaintext"])
        #expect(run.status == 0, "\(run.stderr)")
        let keys = ["members", "join_wall_s", "join_cpu_s", "join_main_cpu_s", "join_disk_kib", "leave_wall_s", "leave_cpu_s",
            "leave_main_cpu_s", "leave_disk_kib"]
        let line = run.stdout.split(separator: "\n").last ?? ""
        #expect(line.split(separator: " ").map { String($0.prefix { $0 != "=" }) } == keys, "\(line)")
        #expect(try run.figure("members") == 6)
        #expect(try run.figure("join_cpu_s") > 0 && run.figure("leave_wall_s") > 0)
        // Six were admitted (last seen 0), and the five who left had seen the one message (last seen 1): lines appended
        // to lastseen.journal (the first admission wrote lastseen.txt, which did not exist).
        let seen = SavedRecords.lines("lastseen", in: group.folder.child("data"))
        #expect(seen.count == 6 && seen.filter { $0.hasSuffix("\t1") }.count >= 5, "\(seen)")
        let journal = (try? String(contentsOfFile: group.folder.child("data/lastseen.journal"), encoding: .utf8)) ?? ""
        #expect(journal.split(separator: "\n").filter { $0.hasSuffix("\t1") }.count >= 5, "\(journal)")
    }

    @Test(arguments: ServerModes.all)
    func againstTheDefaultFloodLimitsRefusalsAndKicksAreReportedApartFromLosses(mode: String) throws {
        // The message rate keeps its default (5 a second, bursts of 20, disconnected after 20 refusals in a row):
        // senders that send as fast as acknowledged are refused, then disconnected for flooding.
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--max-connections-per-ip", "0",
            "--max-joins-per-ip", "0"])
        let run = try BenchRun(["--connect", "127.0.0.1:\(group.server.port)", "--clients", "12", "--senders", "3",
            "--duration", "2", "--server-pid", "\(group.server.pid)"])
        try run.expectConsistent(clients: 12, senders: 3, owedToAll: false)
        #expect(try run.figure("refused") > 0)
        #expect(try run.figure("kicked") >= 1)
        #expect(run.figures["shaped_by"] == "server_limits")
        #expect(run.stdout.contains("the server's flood limits, not its speed"), "\(run.stdout)")
        #expect(run.stderr.contains("members for flooding"), "\(run.stderr)")
        // Every delivery owed (to the members that were there when each message was delivered) arrived.
        let deliveries = run.stdout.split(separator: "\n").first { $0.hasPrefix("deliveries  ") } ?? ""
        let counts = deliveries.split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 2 && counts[0] == counts[1], "\(deliveries)")
    }

    @Test(arguments: ServerModes.all)
    func idleConnectionsAreCountedAndMeasured(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let run = try BenchRun(["--connect", "127.0.0.1:\(group.server.port)", "--idle", "40",
            "--server-pid", "\(group.server.pid)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try run.figure("idle_connections") == 40)
        #expect(try run.figure("rss_after_kib") > 0)
        #expect(run.stdout.contains("KiB per connection"))
    }

    @Test func anUnreachableServerIsOneLineAndNonZero() throws {
        // A port that was free a moment ago: bound, then closed, so nothing listens there.
        let port = try { () throws -> UInt16 in try ListeningSocket(host: "127.0.0.1", port: 0).port }()
        let run = try BenchRun(["--connect", "127.0.0.1:\(port)", "--clients", "3", "--senders", "1", "--duration", "1"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("groupbench: cannot reach the group at 127.0.0.1:\(port)"))
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func aServerThatWantsApprovalIsRefusedWithAHint(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let run = try BenchRun(["--connect", "127.0.0.1:\(group.server.port)", "--clients", "2", "--senders", "1",
            "--duration", "1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--admission open"), "\(run.stderr)")
    }
}

/// One finished groupbench run: exit status, what it printed, and its final key=value line.
private struct BenchRun {
    let status: Int32
    let stdout: String
    let stderr: String
    let figures: [String: String]

    /// Runs groupbench with `arguments`, killing it after `timeout` seconds.
    init(_ arguments: [String], timeout: Double = 60) throws {
        let result = try TestProcess.run(Binaries.path(of: "groupbench"), arguments, timeout: timeout)
        status = result.status
        stdout = result.stdout
        stderr = result.stderr
        var figures: [String: String] = [:]
        for pair in (stdout.split(separator: "\n").last ?? "").split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { figures[String(parts[0])] = String(parts[1]) }
        }
        self.figures = figures
    }

    /// A number from the key=value line.
    func figure(_ key: String) throws -> Double {
        guard let text = figures[key], let value = Double(text) else {
            throw TestSupportError("no number for \(key) in: \(stdout)\n\(stderr)")
        }
        return value
    }

    /// Checks the exit status, the key set, and that every acknowledged message reached every member it was owed to:
    /// with `owedToAll`, every member but its sender (nobody left during the run).
    func expectConsistent(clients: Int, senders: Int, owedToAll: Bool = true) throws {
        #expect(status == 0, "\(stderr)")
        let keys = ["clients", "senders", "duration_s", "sent", "acked", "msgs_per_s", "deliveries_per_s", "p50_ms",
            "p99_ms", "max_ms", "lost", "out_of_order", "server_cpu_s", "server_peak_rss_kib",
            "server_connected_rss_kib", "server_connected_pss_kib", "bench_cpu_s", "refused", "kicked",
            "server_cpu_us_per_delivery", "bench_cpu_us_per_delivery", "bench_core_share", "shaped_by", "server_pss_kib_per_member"]
        let line = stdout.split(separator: "\n").last ?? ""
        #expect(line.split(separator: " ").map { String($0.prefix { $0 != "=" }) } == keys, "\(line)")
        #expect(try figure("clients") == Double(clients))
        #expect(try figure("senders") == Double(senders))
        let acked = try figure("acked")
        #expect(acked > 0)
        #expect(try figure("sent") >= acked)
        #expect(try figure("lost") == 0)
        #expect(try figure("out_of_order") == 0)
        #expect(try figure("server_cpu_s") >= 0)
        #expect(try figure("bench_cpu_s") >= 0)
        #expect(try figure("p50_ms") <= figure("p99_ms"))
        #expect(try figure("p99_ms") <= figure("max_ms"))
        #expect(try figure("bench_cpu_us_per_delivery") >= 0)
        #expect(try figure("bench_core_share") >= 0)
        guard owedToAll else { return }
        #expect(try figure("refused") == 0)
        #expect(try figure("kicked") == 0)
        #expect(figures["shaped_by"] != "server_limits")
        let expected = Int(acked) * (clients - 1)  // every acknowledged message, to every member but its sender
        #expect(stdout.contains("  \(expected) of \(expected) expected"), "\(stdout)")
    }
}
