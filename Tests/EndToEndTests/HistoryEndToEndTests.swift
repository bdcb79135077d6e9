// HistoryEndToEndTests: the whole history through the real groupd, in every mode — paging back to message 1 past
// the in-memory window, catch-up counting every missed message, transcript.idx rebuilt after it was deleted or
// damaged, and search keeping direct messages to their two parties across renames.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

/// Transcripts written straight into a stopped group's folder, as a long-lived group would have them.
enum LongHistory {
    /// More than the 10,000 messages the server keeps in memory (and more than 10,000 that alice missed).
    static let count = 14_000

    /// Group messages from bob and carol and every 7th from alice; every 10th a direct message between bob and
    /// carol (not for alice), every 25th one from bob to alice. Sequence 100 is missing, as after a failed write.
    static func messages(_ count: Int = count) -> [ChatMessage] {
        (1...count).map { index in
            let sequence = UInt64(index >= 100 ? index + 1 : index)
            let time = 1_795_000_000_000 + Int64(index) * 1_000
            if index % 25 == 0 { return ChatMessage(sequence: sequence, time: time, sender: "bob", recipient: "alice", text: "note \(index) for alice") }
            if index % 10 == 0 { return ChatMessage(sequence: sequence, time: time, sender: "bob", recipient: "carol", text: "secret \(index)") }
            let sender = index % 7 == 0 ? "alice" : index % 2 == 0 ? "bob" : "carol"
            return ChatMessage(sequence: sequence, time: time, sender: sender, recipient: nil, text: "message \(index) from \(sender)")
        }
    }

    /// What alice may see.
    static func visibleToAlice(_ messages: [ChatMessage]) -> [ChatMessage] {
        messages.filter { $0.recipient == nil || $0.recipient == "alice" || $0.sender == "alice" }
    }

    /// Replaces the transcript of `data` with `messages` (no index: the server builds it).
    static func write(_ messages: [ChatMessage], into data: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var text = ""
        for message in messages {
            let time = formatter.string(from: Date(timeIntervalSince1970: Double(message.time) / 1000))
            text += "\(message.sequence)\t\(time)\t\(message.kind)\t\(message.sender)\t\(message.recipient ?? "")\t\(message.text)\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: data + "/transcript.txt"))
        try? FileManager.default.removeItem(atPath: data + "/transcript.idx")
    }

    /// A group (open admission, no rate limit) with members alice, bob and carol, restarted over `messages`.
    static func group(_ mode: String, _ messages: [ChatMessage] = LongHistory.messages()) throws -> TestGroup {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        for name in ["alice", "bob", "carol"] { try group.registered(name).close() }
        try group.restart { try write(messages, into: group.server.dataFolder) }
        return group
    }

    /// Every message `client` may see, paging back from the newest with `1016` pages of 200.
    static func pageBack(_ client: ClientConnection, from before: UInt64 = 0) throws -> [ChatMessage] {
        var all: [ChatMessage] = []
        var cursor = before
        while true {
            let reply = try client.require(.history(before: cursor, count: 200))
            let page = reply.data.compactMap { if case .historyEntry(let message) = $0 { message } else { nil } }
            #expect(reply.text == String(page.count))
            guard let oldest = page.first else { return all }
            all.insert(contentsOf: page, at: 0)
            cursor = oldest.sequence
        }
    }
}

@Suite("Whole history", .tags(.endToEnd))
struct HistoryEndToEndTests {
    @Test(arguments: ServerModes.all)
    func pagingReachesMessageOneAcrossMoreThanTheWindow(mode: String) throws {
        let messages = LongHistory.messages()
        let group = try LongHistory.group(mode, messages)
        #expect(group.server.waitForOutput(containing: "built transcript.idx, the index of transcript.txt (14000 lines)"))
        let alice = try group.connect()
        try alice.login(username: "alice", password: "pw")
        let seen = try LongHistory.pageBack(alice)
        #expect(seen == LongHistory.visibleToAlice(messages))
        #expect(seen.first?.sequence == 1)
        // A page from the middle, older than the window, and one ending at message 1.
        let middle = try alice.require(.history(before: 1_001, count: 5)).data
        #expect(middle.compactMap { (frame: ServerMessage) -> UInt64? in if case .historyEntry(let m) = frame { m.sequence } else { nil } } == [996, 997, 998, 999, 1000])
        let start = try alice.require(.history(before: 4, count: 200))
        #expect(start.text == "3")
    }

    @Test(arguments: ServerModes.all)
    func catchUpCountsEveryMissedMessageBeyondTheWindow(mode: String) throws {
        let messages = LongHistory.messages()
        let group = try LongHistory.group(mode, messages)
        let alice = try group.connect()
        try alice.login(username: "alice", password: "pw")
        let reply = try alice.call(.catchUp(count: 50))
        let missed = LongHistory.visibleToAlice(messages).filter { $0.sender != "alice" }
        #expect(reply.status == .ok)
        #expect(reply.text == "\(missed.count)|0")
        let shown = reply.data.compactMap { if case .historyEntry(let message) = $0 { message } else { nil } }
        #expect(shown == Array(missed.suffix(50)))
        #expect(missed.count > 10_000)
    }

    @Test(arguments: ServerModes.all)
    func theIndexIsRebuiltAfterDeletionOrDamage(mode: String) throws {
        let messages = LongHistory.messages()
        let group = try LongHistory.group(mode, messages)
        let index = group.server.dataFolder + "/transcript.idx"
        let built = try Data(contentsOf: URL(fileURLWithPath: index))
        #expect(built.count == 16 + 14 * 32)  // 14,000 lines, a record every 1,024
        try group.restart { try FileManager.default.removeItem(atPath: index) }
        #expect(group.server.waitForOutput(containing: "built transcript.idx"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: index)) == built)
        try group.restart {
            var damaged = built
            damaged[16 + 5 * 32 + 3] ^= 0xFF
            try damaged.write(to: URL(fileURLWithPath: index))
        }
        #expect(group.server.waitForOutput(containing: "rebuilt transcript.idx from transcript.txt"))
        #expect(group.server.output.contains { $0.contains("record 6 is damaged or out of place") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: index)) == built)
        let alice = try group.connect()
        try alice.login(username: "alice", password: "pw")
        #expect(try LongHistory.pageBack(alice, from: 3_000) == LongHistory.visibleToAlice(messages).filter { $0.sequence < 3_000 })
    }

    @Test(arguments: ServerModes.all)
    func searchFollowsDirectMessagesAndRenames(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        let bob = try group.registered("bob")
        let carol = try group.registered("carol")
        _ = try bob.require(.groupMessage(text: "The EXAM is on Friday"))
        _ = try bob.require(.directMessage(recipient: "carol", text: "exam answers, only for carol"))
        _ = try carol.require(.directMessage(recipient: "alice", text: "Exam notes for alice, au café"))
        _ = try alice.require(.rename(newName: "alicia"))
        // Someone new takes the freed name: messages to them are not alicia's.
        let other = try group.registered("alice")
        _ = try carol.require(.directMessage(recipient: "alice", text: "exam tips for the new alice"))
        _ = try other.require(.groupMessage(text: "hello, I am the new alice"))

        func search(_ client: ClientConnection, _ request: SearchRequest) throws -> (hits: [String], text: String) {
            let reply = try client.require(.search(request))
            return (reply.data.compactMap { if case .searchHit(let message) = $0 { message.text } else { nil } }, reply.text)
        }
        let exam = try search(alice, SearchRequest(text: "exam"))
        #expect(exam.hits == ["Exam notes for alice, au café", "The EXAM is on Friday"])
        #expect(exam.text == "2|")
        #expect(try search(alice, SearchRequest(text: "CAFÉ")).hits == ["Exam notes for alice, au café"])
        #expect(try search(alice, SearchRequest(text: "exam", sender: "carol")).hits == ["Exam notes for alice, au café"])
        #expect(try search(carol, SearchRequest(text: "exam")).hits.count == 4)
        #expect(try search(other, SearchRequest(text: "exam")).hits == ["exam tips for the new alice", "The EXAM is on Friday"])
        // One page at a time: the cursor continues where the last page ended.
        let first = try search(carol, SearchRequest(text: "exam", count: 3))
        #expect(first.hits.count == 3)
        let next = try #require(UInt64(first.text.split(separator: "|")[1]))
        #expect(try search(carol, SearchRequest(text: "exam", cursor: next, count: 3)).hits == ["The EXAM is on Friday"])
        let bad = try alice.call(.search(SearchRequest(text: "exam", count: 5_000)))
        #expect(bad.status == .badRequest)
    }
}
