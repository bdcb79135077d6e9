// DurabilityTests: no acknowledged message is lost to a kill -9, and a failed write acknowledges nothing.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Durability", .tags(.endToEnd))
struct DurabilityTests {
    @Test(arguments: ServerModes.all)
    func everyAcknowledgedMessageSurvivesAKillAtARandomMoment(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let sender = try group.registered("writer")

        let killAt = Date().addingTimeInterval(Double.random(in: 0.2...0.8))
        var sent = 0
        var acknowledged: [(sequence: UInt64, text: String)] = []
        var pending: [String] = []
        killing: while true {
            while pending.count < 16 {
                let text = "durable-\(sent)"
                do { try sender.send(.groupMessage(text: text)) } catch { break killing }
                pending.append(text)
                sent += 1
            }
            if Date() >= killAt { break }
            do {
                guard let frame = try sender.receive(timeoutMillis: 2_000) else { break }
                if case .response(.ok, CommandCode.groupMessage.rawValue, let sequence) = frame {
                    acknowledged.append((UInt64(sequence) ?? 0, pending.removeFirst()))
                }
            } catch { break }
        }
        group.server.stop(signal: SIGKILL)
        #expect(acknowledged.count > 0)

        try group.restart()
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        let lines = transcript.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let saved = lines.map { (UInt64($0[0]) ?? 0, String($0[5])) }
        // Every acknowledged message is there exactly once, with its sequence number, in the order sent.
        for (sequence, text) in acknowledged {
            #expect(saved.filter { $0.1 == text }.count == 1, "\(text) is not in the transcript exactly once")
            #expect(saved.contains { $0.0 == sequence && $0.1 == text }, "\(text) lost its sequence number \(sequence)")
        }
        #expect(saved.map(\.0) == saved.map(\.0).sorted(), "the transcript is out of order")
        let order = saved.compactMap { Int($0.1.dropFirst("durable-".count)) }
        #expect(order == order.sorted(), "messages were saved out of the order they were sent")
        // And the restarted group serves the saved history.
        let back = try group.connect()
        try back.login(username: "writer", password: "pw")
        #expect(try back.call(.groupMessage(text: "after the crash")).status == .ok)
    }

    @Test(.disabled(if: TestEnvironment.underSanitizer, "a file-size limit stops the sanitizer's own runtime"),
        arguments: ServerModes.all)
    func aFailedTranscriptWriteIsRefused503AndTheServerCarriesOn(mode: String) throws {
        let folder = try TempFolder()
        let server = try ServerProcess(
            dataFolder: folder.child("data"), mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited,
            fileSizeLimitKiB: 64)
        let alice = try ClientConnection(address: server.address, security: server.security)
        #expect(try alice.call(.register(username: "alice", password: "pw")).status == .created)
        try alice.login(username: "alice", password: "pw")
        let text = String(repeating: "x", count: 4000)
        var statuses: [StatusCode] = []
        for _ in 0..<40 {
            let status = try alice.call(.groupMessage(text: text)).status
            statuses.append(status)
            if status == .unavailable { break }
        }
        #expect(statuses.last == .unavailable, "no write ever failed: \(statuses)")
        #expect(server.waitForOutput(containing: "could not save message"))
        let saved = try String(contentsOfFile: folder.child("data/transcript.txt"), encoding: .utf8)
        let savedCount = saved.split(separator: "\n").count
        #expect(savedCount == statuses.filter { $0 == .ok }.count, "the transcript holds exactly the acknowledged messages")
        let endsWithNewline = saved.hasSuffix("\n")
        #expect(endsWithNewline, "a failed write left a partial line")
        #expect(try alice.call(.ping(token: "alive")).text == "alive")
        server.stop()
    }
}
