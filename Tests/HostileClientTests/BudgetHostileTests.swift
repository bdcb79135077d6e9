// BudgetHostileTests: what a stranger or a member can make the group store, log or tell everyone is bounded, in
// every mode — token guesses, failed logins, renames and tokens, join requests per address and per prefix,
// connections per prefix, a silent upload — and refused with a clear answer at the bound.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Budgets", .tags(.endToEnd, .hostile))
struct BudgetHostileTests {
    /// A random token's text.
    static func randomToken() -> String {
        String((0..<64).map { _ in "0123456789abcdef".randomElement()! })
    }

    /// The event log's size in bytes.
    static func eventLogBytes(_ harness: HostileHarness) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: harness.group.folder.child("data/events.log"))[.size] as? Int) ?? 0
    }

    @Test(arguments: ServerModes.all)
    func tokenGuessesAndFailedLoginsAreThrottledAndTheirLogLinesSummarised(mode: String) throws {
        let harness = try HostileHarness(mode: mode, arguments: ["--max-joins-per-ip", "0"])
        let names = (0..<12).map { "member\($0)" }
        for name in names {
            let client = try harness.group.connect()
            #expect(try client.call(.register(username: name, password: "pw")).status == .created)
            client.close()
        }
        try harness.recordBaseline()
        let logBefore = Self.eventLogBytes(harness)

        // 2,000 session-token guesses in one go from one connection: five are checked, then the address is locked.
        var raw = try RawClient.greeted(port: harness.port)
        try raw.send(Array((0..<2_000).map { _ in ClientRequest.loginWithToken(token: Self.randomToken()).encoded() }.joined()))
        var statuses: [StatusCode: Int] = [:]
        for _ in 0..<2_000 {
            guard case .response(let status, _, _)? = try raw.next() else { break }
            statuses[status, default: 0] += 1
        }
        #expect((5...8).contains(statuses[.unauthorized] ?? 0), "\(statuses)")
        #expect((statuses[.tooManyRequests] ?? 0) >= 1_990, "\(statuses)")

        // Five wrong passwords for each of twelve names: sixty failed logins, five of them shown.
        let guesser = try harness.group.connect()
        for name in names {
            for _ in 0..<5 { _ = try guesser.call(.login(username: name, password: "guess")) }
        }
        #expect(harness.group.server.waitForOutput(containing: "… and 55 more failed logins from 127.0.0.1 in the last minute",
            timeout: 90), "the held-back lines were never summed up")
        let output = harness.group.server.output
        #expect(output.filter { $0.contains("refused a session token") }.count <= 5)
        #expect(output.filter { $0.contains("failed login for") }.count == 5)
        // The event log grew by a few lines, not by two thousand.
        #expect(Self.eventLogBytes(harness) - logBefore < 2_048, "the event log grew by \(Self.eventLogBytes(harness) - logBefore) bytes")
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func renamesAndTokensBeyondTheBudgetAreRefused429(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        let member = try harness.group.connect()
        #expect(try member.call(.register(username: "churn0", password: "pw")).status == .created)
        try member.login(username: "churn0", password: "pw")
        var statuses: [StatusCode] = []
        var refusal = ""
        for round in 1...30 {
            let reply = try member.call(.rename(newName: "churn\(round)"))
            statuses.append(reply.status)
            if reply.status != .ok { refusal = reply.text }
        }
        // The login took one change of the ten a member may make at once.
        #expect(statuses.filter { $0 == .ok }.count == 9, "\(statuses)")
        #expect(refusal.hasPrefix("you are making changes too fast; try again in "))
        #expect(try member.call(.issueToken).status == .tooManyRequests)
        let members = SavedRecords.lines("members", in: harness.group.folder.child("data"))
        #expect(members.contains { $0.hasPrefix("churn9\t") } && !members.contains { $0.hasPrefix("churn0\t") })
        let events = try String(contentsOfFile: harness.group.folder.child("data/events.log"), encoding: .utf8)
        #expect(events.components(separatedBy: "is now known as").count - 1 == 9)
    }

    @Test(arguments: ServerModes.all)
    func joinRequestsWaitingAreCappedPerAddressAndRightPasswordPollingIsThrottled(mode: String) throws {
        let group = try TestGroup(mode: mode)
        var statuses: [StatusCode] = []
        var refusal = ""
        for index in 0..<11 {
            let client = try group.connect()
            let reply = try client.call(.register(username: "waiting\(index)", password: "pw"))
            statuses.append(reply.status)
            if reply.status != .accepted { refusal = reply.text }
        }
        #expect(statuses == Array(repeating: .accepted, count: 10) + [.unavailable])
        #expect(refusal == "too many join requests waiting from 127.0.0.1 (at most 10); try again later")
        // Another address is not affected.
        var other = try RawClient(port: group.server.port, from: "127.0.0.2")
        try other.send(ClientRequest.hello(version: WireLimits.protocolVersion, client: "raw").encoded()
            + ClientRequest.register(username: "elsewhere", password: "pw").encoded())
        _ = try other.next()
        #expect(try other.next() == .response(status: .accepted, command: CommandCode.register.rawValue,
            text: "your request to join Test group is waiting for the owner"))
        // Asking again and again with the right password costs a password check each time: it is throttled too.
        var polls: [StatusCode] = []
        for _ in 0..<7 {
            let client = try group.connect()
            polls.append(try client.call(.login(username: "waiting0", password: "pw")).status)
        }
        #expect(Array(polls.prefix(5)) == Array(repeating: .accepted, count: 5))
        #expect(polls.dropFirst(5).allSatisfy { $0 == .tooManyRequests }, "\(polls)")
    }

    @Test(arguments: ServerModes.all)
    func connectionsAreCountedPerPrefixAsWellAsPerAddress(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--max-connections-per-ip", "2", "--max-connections-per-prefix", "3"])
        let port = group.server.port
        let kept = try [RawClient(port: port, tls: false, from: "127.0.0.2"), RawClient(port: port, tls: false, from: "127.0.0.2")]
        var third = try RawClient(port: port, tls: false, from: "127.0.0.2")
        #expect(try third.next() == .response(status: .unavailable, command: 0, text: "too many connections from 127.0.0.2 (at most 2)"))
        let fourth = try RawClient(port: port, tls: false, from: "127.0.0.3")
        var fifth = try RawClient(port: port, tls: false, from: "127.0.0.4")
        #expect(try fifth.next() == .response(status: .unavailable, command: 0,
            text: "too many connections from the network 127.0.0.0/24 (at most 3)"))
        withExtendedLifetime((kept, fourth)) {}
    }

    @Test(arguments: ServerModes.all)
    func anUploadThatStopsSendingIsCancelledAndTheSlotFreed(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let stalled = try group.connect()
        #expect(try stalled.call(.register(username: "slowpoke", password: "pw")).status == .created)
        try stalled.login(username: "slowpoke", password: "pw")
        #expect(try stalled.call(.uploadBegin(name: "big.iso", size: 1_000_000, checksum: 0)).status == .ok)
        try stalled.send(.uploadChunk(Array(repeating: 1, count: 1_000)))
        let other = try group.connect()
        #expect(try other.call(.register(username: "next", password: "pw")).status == .created)
        try other.login(username: "next", password: "pw")
        #expect(try other.call(.uploadBegin(name: "mine.txt", size: 1, checksum: 0)).status == .conflict)
        // Nothing more arrives: after 30 s the upload is cancelled and the uploader told why.
        let told = try stalled.waitFor(timeoutMillis: 45_000) {
            if case .response(.badRequest, CommandCode.uploadChunk.rawValue, _) = $0 { true } else { false }
        }
        #expect(told == .response(status: .badRequest, command: CommandCode.uploadChunk.rawValue,
            text: "the upload of big.iso was cancelled: nothing arrived for 30 s; upload it again"))
        #expect(try other.call(.uploadBegin(name: "mine.txt", size: 1, checksum: 0)).status == .ok)
        #expect(group.server.waitForOutput(containing: "the upload of big.iso by slowpoke was discarded: nothing arrived for 30 s"))
    }
}
