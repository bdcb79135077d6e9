// TranscriptReadTests: history older than the in-memory window, catch-up past it and search are asked of the
// transcript file as effects and answered when the page comes back; one read per session, a bounded number in all.
import GroupCore
import GroupWire
import Testing

/// The transcript reads asked for among `effects`.
func reads(_ effects: [GroupEffect]) -> [TranscriptRead] {
    effects.compactMap { if case .readTranscript(let read) = $0 { read } else { nil } }
}

/// The search hits sent to `session` among `effects`, as texts.
func hitTexts(_ effects: [GroupEffect], to session: SessionID) -> [String] {
    effects.compactMap { if case .send(session, .searchHit(let message)) = $0 { message.text } else { nil } }
}

@Suite("Transcript reads")
struct TranscriptReadTests {
    static func message(_ sequence: UInt64, _ text: String, from sender: String = "bob", to recipient: String? = nil) -> ChatMessage {
        ChatMessage(sequence: sequence, time: 1_000 + Int64(sequence), sender: sender, recipient: recipient, text: text)
    }

    /// A member from before, whose password is `pw` for the harness's fake hasher.
    static let alice = Member(name: "alice", role: .member, passwordHash: "hash:pw", joinedAt: 0)

    /// A group whose window holds messages 101…105 of a longer transcript.
    static func olderGroup(limits: GroupLimits = GroupLimits()) -> CoreHarness {
        CoreHarness(limits: limits, messages: (101...105).map { message($0, "m\($0)") }, wholeTranscript: false)
    }

    @Test func aPageTheWindowHoldsIsAnsweredFromMemory() {
        var core = Self.olderGroup()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .history(before: 0, count: 3)))
        #expect(reads(effects).isEmpty)
        #expect(entryTexts(effects, to: alice) == ["m103", "m104", "m105"])
    }

    @Test func aPageReachingPastTheWindowIsReadFromTheFile() throws {
        var core = Self.olderGroup()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .history(before: 102, count: 3)))
        let read = try #require(reads(effects).first)
        #expect(read.query.before == 102 && read.query.count == 3 && read.query.direction == .older)
        #expect(read.query.viewer?.name == "alice")
        #expect(responses(effects, to: alice).isEmpty)
        // The reader answers newest first; the member gets them oldest first, then the count.
        let page = TranscriptPage(messages: [Self.message(101, "m101"), Self.message(100, "m100"), Self.message(99, "m99")], next: 99)
        let answered = core.feed(.transcriptRead(read.id, page))
        #expect(entryTexts(answered, to: alice) == ["m99", "m100", "m101"])
        #expect(responses(answered, to: alice).map(\.2) == ["3"])
    }

    @Test func aWholeTranscriptInMemoryNeverReadsTheFile() {
        var core = CoreHarness(messages: (1...5).map { Self.message($0, "m\($0)") })
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .history(before: 3, count: 10)))
        #expect(reads(effects).isEmpty)
        #expect(entryTexts(effects, to: alice) == ["m1", "m2"])
    }

    @Test func oneReadPerSessionAndABoundInAll() throws {
        var limits = GroupLimits(messagesPerSecond: 0)
        limits.maxTranscriptReads = 2
        var core = Self.olderGroup(limits: limits)
        let alice = core.member("alice")
        let bob = core.member("bob")
        let carol = core.member("carol")
        let first = try #require(reads(core.run(.request(alice, .history(before: 50, count: 5)))).first)
        // alice's next request waits for the answer to her first (answers go in request order).
        let again = core.run(.request(alice, .search(SearchRequest(text: "x"))))
        #expect(again.isEmpty)
        #expect(reads(core.run(.request(bob, .history(before: 50, count: 5)))).count == 1)
        let third = core.run(.request(carol, .history(before: 50, count: 5)))
        #expect(status(third, to: carol) == .unavailable)
        #expect(reads(third).isEmpty)
        // The first read answers; then alice's search is taken, and the group has room for it again.
        let answered = core.feed(.transcriptRead(first.id, TranscriptPage(messages: [])))
        #expect(responses(answered, to: alice).map(\.1) == [CommandCode.history.rawValue])
        #expect(reads(answered).first?.query.words == ["x"])
    }

    @Test func aSessionThatEndsCancelsItsReadAndALateResultIsDropped() throws {
        var core = Self.olderGroup()
        let alice = core.member("alice")
        let read = try #require(reads(core.run(.request(alice, .history(before: 50, count: 5)))).first)
        let gone = core.feed(.disconnected(alice))
        #expect(gone.contains(.cancelRead(read.id)))
        #expect(core.feed(.transcriptRead(read.id, TranscriptPage(messages: [Self.message(1, "late")]))).isEmpty)
    }

    @Test func aFailedReadIsAServerError() throws {
        var core = Self.olderGroup()
        let alice = core.member("alice")
        let read = try #require(reads(core.run(.request(alice, .history(before: 50, count: 5)))).first)
        let effects = core.feed(.transcriptRead(read.id, TranscriptPage(messages: [], error: "pread: I/O error")))
        #expect(responses(effects, to: alice).map(\.0) == [.serverError])
        #expect(responses(effects, to: alice).first?.2.contains("I/O error") == true)
    }

    @Test func catchUpPastTheWindowCountsFromTheFile() throws {
        var core = CoreHarness(
            members: [Self.alice], lastSeen: [LastSeen(name: "alice", sequence: 40)],
            messages: (101...105).map { Self.message($0, "m\($0)") }, wholeTranscript: false)
        let alice = core.login("alice")
        let effects = core.run(.request(alice, .catchUp(count: 2)))
        let read = try #require(reads(effects).first)
        #expect(read.query.after == 40 && read.query.before == 106)
        #expect(read.query.skipOwn && read.query.countAll && read.query.count == 2)
        let page = TranscriptPage(messages: [Self.message(105, "m105"), Self.message(104, "m104")], total: 65)
        let answered = core.feed(.transcriptRead(read.id, page))
        #expect(entryTexts(answered, to: alice) == ["m104", "m105"])
        #expect(responses(answered, to: alice).map(\.2) == ["65|40"])
    }

    @Test func catchUpTheWindowCoversStaysInMemory() {
        var core = CoreHarness(
            members: [Self.alice], lastSeen: [LastSeen(name: "alice", sequence: 102)],
            messages: (101...105).map { Self.message($0, "m\($0)") }, wholeTranscript: false)
        let alice = core.login("alice")
        let effects = core.run(.request(alice, .catchUp(count: 50)))
        #expect(reads(effects).isEmpty)
        #expect(entryTexts(effects, to: alice) == ["m103", "m104", "m105"])
    }

    @Test func searchBuildsTheQueryAndAnswersHitsNewestFirstWithTheNextCursor() throws {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.member("bob")
        let request = SearchRequest(text: "  exam\tdate ", cursor: 90, count: 2, since: 500, until: 2_000, sender: "BOB")
        let effects = core.run(.request(alice, .search(request)))
        let read = try #require(reads(effects).first)
        #expect(read.query.words == ["exam", "date"])
        #expect(read.query.before == 90 && read.query.after == 0 && read.query.since == 500 && read.query.until == 2_000)
        guard case .member(let sender)? = read.query.sender else { Issue.record("no sender filter"); return }
        #expect(sender.name == "bob")
        #expect(read.query.viewer?.name == "alice")
        let page = TranscriptPage(messages: [Self.message(80, "exam date b"), Self.message(70, "exam date a")], next: 70)
        let answered = core.feed(.transcriptRead(read.id, page))
        #expect(hitTexts(answered, to: alice) == ["exam date b", "exam date a"])
        #expect(responses(answered, to: alice).map(\.2) == ["2|70"])
        let last = try #require(reads(core.run(.request(alice, .search(SearchRequest(text: "x", direction: .newer, cursor: 7))))).first)
        #expect(last.query.after == 7 && last.query.before == 0 && last.query.direction == .newer)
        #expect(responses(core.feed(.transcriptRead(last.id, TranscriptPage(messages: []))), to: alice).map(\.2) == ["0|"])
    }

    @Test func aSenderWhoIsNoLongerAMemberIsMatchedByName() throws {
        var core = CoreHarness()
        let alice = core.member("alice")
        let read = try #require(reads(core.run(.request(alice, .search(SearchRequest(text: "", sender: "ghost"))))).first)
        #expect(read.query.sender == .name("ghost"))
    }

    @Test(arguments: [
        (SearchRequest(text: "x", count: 0), "1 to 1000"),
        (SearchRequest(text: "x", count: 1001), "1 to 1000"),
        (SearchRequest(text: String(repeating: "a", count: 257)), "256 bytes"),
        (SearchRequest(text: "x", since: 5, until: 5), "time range"),
        (SearchRequest(text: "x", since: -1), "time range"),
        (SearchRequest(text: (1...17).map { "w\($0)" }.joined(separator: " ")), "16 words"),
    ])
    func badSearchesAreRefused(request: SearchRequest, reason: String) {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .search(request)))
        #expect(reads(effects).isEmpty)
        #expect(status(effects, to: alice) == .badRequest)
        #expect(responses(effects, to: alice).first?.2.contains(reason) == true)
    }

    @Test func searchNeedsALogin() {
        var core = CoreHarness()
        let session = core.connect()
        let effects = core.run(.request(session, .search(SearchRequest(text: "x"))))
        #expect(reads(effects).isEmpty)
        #expect(status(effects, to: session) == .unauthorized)
    }

    @Test func theQueryAdmitsWhatHistoryWouldShowFollowingRenames() {
        // bob was "robert" for messages 1..<10; alice may see robert's direct messages to her, not carol's.
        let bob = Member(name: "bob", role: .member, passwordHash: "", joinedAt: 0, nameSince: 10,
            formerNames: [FormerName(name: "robert", from: 0, until: 10)])
        let query = TranscriptQuery(count: 10, viewer: bob)
        #expect(query.admits(Self.message(5, "to robert", from: "alice", to: "robert")))
        #expect(!query.admits(Self.message(12, "to the new robert", from: "alice", to: "robert")))
        #expect(query.admits(Self.message(12, "to bob", from: "alice", to: "bob")))
        #expect(!query.admits(Self.message(6, "not for bob", from: "alice", to: "carol")))
        #expect(query.admits(Self.message(7, "everyone", from: "carol")))
        var own = query
        own.skipOwn = true
        #expect(!own.admits(Self.message(3, "mine", from: "robert")))
        let fromBob = TranscriptQuery(count: 10, viewer: nil, sender: .member(bob))
        #expect(fromBob.admits(Self.message(3, "old name", from: "robert")))
        #expect(!fromBob.admits(Self.message(30, "someone else now", from: "robert")))
        #expect(fromBob.admits(Self.message(30, "new name", from: "bob")))
        let bounded = TranscriptQuery(after: 2, before: 9, count: 10, since: 1_004, until: 1_008, viewer: nil)
        #expect(!bounded.admits(Self.message(2, "x")) && !bounded.admits(Self.message(9, "x")))
        #expect(!bounded.admits(Self.message(3, "x")) && bounded.admits(Self.message(4, "x")) && !bounded.admits(Self.message(8, "x")))
    }
}
