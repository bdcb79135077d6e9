// SlowDiskTests: on a slow disk (every sync of the transcript made slow by groupd's test-only
// GROUPD_TEST_SYNC_DELAY_MS), the server goes on serving while a batch of messages is being synced, and still
// acknowledges and delivers every message, in order, only once it is durable.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Slow disk", .tags(.endToEnd))
struct SlowDiskTests {
    /// Starts an open group whose every sync of the transcript takes `millis` more.
    private func slowGroup(_ mode: String, syncMillis: Int) throws -> TestGroup {
        try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited,
            environment: ["GROUPD_TEST_SYNC_DELAY_MS": String(syncMillis)])
    }

    @Test(arguments: ServerModes.all)
    func pingsAreAnsweredWhileAMessageIsBeingSynced(mode: String) throws {
        // Under a sanitizer a PING's round trip can take a few hundred milliseconds: the sync lasts longer there.
        let group = try slowGroup(mode, syncMillis: TestEnvironment.underSanitizer ? 2_500 : 600)
        let alice = try group.registered("alice")
        let bob = try group.registered("bob")

        try alice.send(.groupMessage(text: "slow to save"))
        // bob pings, one at a time, until alice's message reaches him. While its sync (0.6 s) is in flight, every ping
        // is answered: with the sync on the serving thread, bob's pings would wait behind it and at most the one read
        // in the same turn as the message could be answered before the message arrives.
        var pongsBeforeDelivery = 0
        var pinging = true
        var delivered = false
        while !delivered {
            if pinging { try bob.send(.ping(token: "p\(pongsBeforeDelivery)")) }
            guard let frame = try bob.receive(timeoutMillis: 10_000) else { break }
            switch frame {
            case .response(.ok, CommandCode.ping.rawValue, _):
                pongsBeforeDelivery += 1
                pinging = pongsBeforeDelivery < 20
            case .groupMessage(let message) where message.text == "slow to save":
                delivered = true
            default: break
            }
        }
        #expect(delivered, "alice's message never reached bob")
        #expect(pongsBeforeDelivery >= 5, "only \(pongsBeforeDelivery) pings were answered while the message was synced")
        let ack = try alice.waitFor { if case .response(_, CommandCode.groupMessage.rawValue, _) = $0 { true } else { false } }
        guard case .response(let status, _, _) = ack else { return }
        #expect(status == .ok)
    }

    @Test(arguments: ServerModes.all)
    func messagesSentDuringASyncAreAcknowledgedAndDeliveredInOrderAndSurviveARestart(mode: String) throws {
        let group = try slowGroup(mode, syncMillis: 150)
        let alice = try group.registered("alice")
        let bob = try group.registered("bob")

        let texts = (0..<40).map { "pipelined-\($0)" }
        for text in texts { try alice.send(.groupMessage(text: text)) }
        var sequences: [UInt64] = []
        while sequences.count < texts.count {
            let ack = try alice.waitFor { if case .response(_, CommandCode.groupMessage.rawValue, _) = $0 { true } else { false } }
            guard case .response(let status, _, let sequence) = ack else { break }
            #expect(status == .ok)
            sequences.append(UInt64(sequence) ?? 0)
        }
        #expect(sequences == sequences.sorted() && Set(sequences).count == texts.count, "acknowledgements out of order")
        var received: [String] = []
        while received.count < texts.count { received.append(try bob.nextGroupText()) }
        #expect(received == texts)

        try group.restart()
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        let saved = transcript.split(separator: "\n").map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[5]) }
        #expect(saved.filter { $0.hasPrefix("pipelined-") } == texts)
    }

    @Test func forkModesSyncHelpersKilledMidSyncLoseNothing() throws {
        let group = try slowGroup("fork", syncMillis: TestEnvironment.underSanitizer ? 1_500 : 400)
        let alice = try group.registered("alice")
        let helpers = group.server.helpers
        #expect(helpers.count == 8)

        try alice.send(.groupMessage(text: "in flight"))
        // Its sync (0.4 s, most of it the injected sleep) runs in one helper while the others wait in recvfrom: kill
        // that one. The others live on, so only noticing the death tells the server its sync is lost; it must redo it
        // in place and acknowledge the message.
        let busy = try #require(Self.helperInSleep(helpers), "no helper was seen syncing")
        kill(busy, SIGKILL)
        let ack = try alice.waitFor { if case .response(_, CommandCode.groupMessage.rawValue, _) = $0 { true } else { false } }
        guard case .response(let status, _, _) = ack else { return }
        #expect(status == .ok)
        #expect(try alice.call(.groupMessage(text: "seven helpers left")).status == .ok)
        // With every helper gone the server syncs in place, and still loses nothing.
        for helper in helpers { kill(helper, SIGKILL) }
        #expect(try alice.call(.groupMessage(text: "no helper left")).status == .ok)

        try group.restart()
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        for text in ["in flight", "seven helpers left", "no helper left"] {
            #expect(transcript.contains("\t\(text)\n"), "\(text) is not in the transcript")
        }
    }

    /// The helper that is in the sync's injected sleep (`clock_nanosleep`, system call 230 on x86-64; 101 on arm64),
    /// waiting for it at most 2 s.
    private static func helperInSleep(_ helpers: Set<Int32>) -> Int32? {
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            for helper in helpers {
                let call = (try? String(contentsOfFile: "/proc/\(helper)/syscall", encoding: .utf8))?.split(separator: " ").first
                if call == "230" || call == "101" { return helper }
            }
            usleep(2_000)
        }
        return nil
    }
}
