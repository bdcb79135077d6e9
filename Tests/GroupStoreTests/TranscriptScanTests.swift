// TranscriptScanTests: scans of the transcript file give exactly what decoding every line and applying the query
// would — in both directions, in chunks of any size, across renames, direct messages, escapes and accents — and
// the words match case-insensitively and Unicode-aware.
import Glibc
import GroupCore
import GroupPosix
@testable import GroupStore
import GroupTestSupport
import GroupWire
import Testing

@Suite("Transcript scans")
struct TranscriptScanTests {
    /// bob was robert for messages 1…59; carol is nobody's former name.
    static let bob = Member(name: "bob", role: .member, passwordHash: "", joinedAt: 0, nameSince: 60,
        formerNames: [FormerName(name: "robert", from: 0, until: 60)])
    static let alice = Member(name: "alice", role: .member, passwordHash: "", joinedAt: 0)
    static let texts = [
        "the exam is on Monday", "EXAM moved", "Café au lait", "CAFÉ tonight?", "CAFE\u{301} decomposed",
        "line one\nline two: exam", "tab\there", "back\\slash", "日本語のテスト", "ΣΟΦΙΑ ΚΑΙ exam", "plain words",
        "nothing here", "exam date and time", "DATE of the EXAM",
    ]
    static let searches: [[String]] = [
        [], ["exam"], ["EXAM", "date"], ["café"], ["CAFÉ"], ["日本"], ["σοφια"], ["back\\slash"], ["two:"], ["tab"],
        ["robert"], ["zzz"],
    ]

    /// A transcript of `count` messages (sequence 17 missing, as after a failed write) from several senders,
    /// with direct messages among them, written through the store (so the index follows).
    static func transcript(_ temporary: TemporaryFolder, count: Int, stride: Int) throws -> (GroupStore, [ChatMessage]) {
        let store = try GroupStore(folder: DataFolder(path: temporary.file("group")), indexStride: stride)
        _ = try store.load(defaults: GroupSettings(name: "G", owner: "olga", admission: .approve))
        var random = SeededRandom(seed: 7)
        var messages: [ChatMessage] = []
        var sequence: UInt64 = 0
        var time: Int64 = 1_700_000_000_000
        while messages.count < count {
            sequence += sequence == 16 ? 2 : 1
            time += Int64(random.next() % 5_000)
            let senders = sequence < 60 ? ["alice", "robert", "carol"] : ["alice", "bob", "carol", "robert"]
            let sender = senders[Int(random.next() % UInt64(senders.count))]
            let kind = random.next() % 5
            var recipient: String?
            if kind == 0 { recipient = ["alice", "bob", "robert", "carol"].filter { $0 != sender }[Int(random.next() % 3)] }
            let text = texts[Int(random.next() % UInt64(texts.count))]
            messages.append(ChatMessage(sequence: sequence, time: time, sender: sender, recipient: recipient, text: text, isAction: kind == 1))
        }
        for start in Swift.stride(from: 0, to: messages.count, by: 9) {
            try store.appendTranscript(Array(messages[start..<min(messages.count, start + 9)]))
        }
        return (store, messages)
    }

    /// What a scan must find: decode everything, filter, order, page.
    static func expected(_ query: TranscriptQuery, _ messages: [ChatMessage]) -> TranscriptPage {
        let words = query.words.map { $0.lowercased() }
        var matches = messages.filter { message in
            query.admits(message) && words.allSatisfy { message.text.lowercased().contains($0) }
        }
        if query.direction == .older { matches.reverse() }
        var page: [ChatMessage] = []
        var bytes = 0
        var next: UInt64?
        for message in matches {
            page.append(message)
            bytes += message.text.utf8.count
            if page.count >= query.count || bytes >= query.pageBytes {
                next = message.sequence
                break
            }
        }
        return TranscriptPage(messages: page, total: query.countAll ? matches.count : page.count, next: next)
    }

    @Test func scansMatchDecodingEveryLine() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let (store, messages) = try Self.transcript(temporary, count: 400, stride: 16)
        var random = SeededRandom(seed: 99)
        let viewers: [Member?] = [nil, Self.alice, Self.bob]
        let senders: [SenderFilter?] = [nil, .member(Self.bob), .name("carol"), .name("robert")]
        for round in 0..<400 {
            let direction: SearchRequest.Direction = random.next() % 2 == 0 ? .older : .newer
            let pick = { (bound: UInt64) -> UInt64 in random.next() % 3 == 0 ? 0 : random.next() % bound }
            var query = TranscriptQuery(
                direction: direction, after: pick(420), before: pick(420), count: Int(1 + random.next() % 40),
                viewer: viewers[Int(random.next() % 3)], sender: senders[Int(random.next() % 4)],
                words: Self.searches[Int(random.next() % UInt64(Self.searches.count))])
            if random.next() % 4 == 0 { query.since = messages[Int(random.next() % 400)].time }
            if random.next() % 4 == 0 { query.until = messages[Int(random.next() % 400)].time }
            query.skipOwn = query.viewer != nil && random.next() % 3 == 0
            query.countAll = random.next() % 3 == 0
            if random.next() % 5 == 0 { query.pageBytes = 60 }
            let chunk = [40, 200, 1_000, 1 << 20][Int(random.next() % 4)]
            let scan = store.transcriptReader.run(store.scan(for: query, chunkSize: chunk))
            #expect(scan.page == Self.expected(query, messages), "round \(round): \(query) in chunks of \(chunk)")
            #expect(scan.damagedLines == 0, "round \(round): \(query) in chunks of \(chunk)")
        }
    }

    @Test func pagesOldestFirstContinueWhereTheLastEnded() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let (store, messages) = try Self.transcript(temporary, count: 300, stride: 8)
        var seen: [ChatMessage] = []
        var position = 0
        var cursor: UInt64 = 0
        while true {
            let query = TranscriptQuery(direction: .newer, count: 37, viewer: nil)
            let fromFile = store.transcriptReader.run(TranscriptScan(query: query, range: position..<store.transcriptExtent.bytes, chunkSize: 500))
            var indexed = query
            indexed.after = cursor
            #expect(store.transcriptReader.run(store.scan(for: indexed)).page.messages == fromFile.page.messages)
            seen += fromFile.page.messages
            guard let next = fromFile.page.next else { break }
            position = fromFile.resumeOffset
            cursor = next
        }
        #expect(seen == messages)
    }

    @Test func damagedLinesAreSkippedAndCounted() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let (store, messages) = try Self.transcript(temporary, count: 20, stride: 4)
        try appendRaw(Array("not a record\n21\tyesterday\tgroup\ta\t\tx\n".utf8), to: store.folder.transcript)
        let reopened = try GroupStore(folder: DataFolder(path: temporary.file("group")), indexStride: 4)
        reopened.windowCapacity = 1
        #expect(throws: StoreError.self) { _ = try reopened.load(defaults: GroupSettings(name: "G", owner: "o", admission: .open)) }
        // The reader on its own: every valid line, the two broken ones skipped.
        let scan = store.transcriptReader.run(TranscriptScan(
            query: TranscriptQuery(direction: .newer, count: 100, viewer: nil), range: 0..<(try store.transcriptReader.length())))
        #expect(scan.page.messages == messages)
        #expect(scan.damagedLines == 2)
    }

    @Test func wordsFoldCaseAndAccentsAndStayInTheText() {
        func matches(_ words: [String], _ text: String) -> Bool {
            let prepared = SearchWords(words)
            let line = Array(LineEscaping.line([text]).utf8)
            var lowered = line
            line.withUnsafeBytes { source in
                lowered.withUnsafeMutableBytes { ASCIILowering.lower(source, into: $0) }
            }
            return line.withUnsafeBytes { raw in
                lowered.withUnsafeBytes { prepared.matches(text: raw, lowered: $0) }
            }
        }
        #expect(matches(["café"], "CAFÉ tonight"))
        #expect(matches(["CAFÉ"], "un café"))
        #expect(matches(["café"], "CAFE\u{301}"))
        #expect(matches(["Exam", "DATE"], "the date of the exam"))
        #expect(!matches(["exam", "date"], "the exam"))
        #expect(matches(["σοφια"], "ΣΟΦΙΑ"))
        #expect(matches(["日本"], "日本語"))
        #expect(matches(["two"], "one\nTWO"))
        #expect(!matches(["n"], "a\nb"))  // the escape of a newline is not the letter n
        #expect(matches(["a\\b"], "a\\b"))
        #expect(!matches(["café"], "cafe"))
        #expect(matches(["km"], "40 \u{212A}M away"))  // the Kelvin sign lowercases to k
        #expect(matches(["xi"], "XİX"))  // İ lowercases to i and a combining dot
        #expect(!matches(["bench"], "déjà vu, no member name here"))
    }

    @Test func theAnchorIsTheLongestCaseFreeRun() {
        #expect(SearchWords(["ab", "exam"]).anchor == .lowered(Array("exam".utf8)))
        #expect(SearchWords(["CAFÉS"]).anchor == .lowered(Array("caf".utf8)))
        #expect(SearchWords(["日本語", "x"]).anchor == .raw(Array("日本語".utf8)))
        #expect(SearchWords(["ΣΟΦΙΑ"]).anchor == .variants([Array("σ".utf8), Array("Σ".utf8)]))
        #expect(SearchWords([]).isEmpty)
    }

    @Test func theWordFinderFindsEveryCaseOrExactBytes() {
        func find(_ word: String, _ text: String, from: Int = 0, ignoringCase: Bool = true) -> Int? {
            Array(text.utf8).withUnsafeBytes { WordFinder(Array(word.utf8), ignoringCase: ignoringCase).find(in: $0, from: from) }
        }
        #expect(find("σο", "ΣΟσο", ignoringCase: false) == 4)
        #expect(find("日本", "にほん日本", ignoringCase: false) == 9)
        #expect(find("ab", "AB", ignoringCase: false) == nil)
        #expect(find("zyx", "ZyX at the start") == 0)
        #expect(find("exam", "the final EXAM") == 10)
        #expect(find("exam", "the final EXA") == nil)
        #expect(find("aab", "aaaab") == 2)
        #expect(find("ab", "ab ab", from: 1) == 3)
        #expect(find("a1b", "xA1B") == 1)
        #expect(find("q", "") == nil)
    }

    @Test func asciiLoweringChangesOnlyCapitals() {
        let source = Array("AZaz@[`{ÉÀ 09 Hello, WORLD! \u{7F}".utf8) + [0xC1, 0xDA]
        var target = [UInt8](repeating: 0, count: source.count)
        source.withUnsafeBytes { from in target.withUnsafeMutableBytes { ASCIILowering.lower(from, into: $0) } }
        let expected = source.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        #expect(target == expected)
    }
}
