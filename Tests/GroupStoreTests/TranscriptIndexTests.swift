// TranscriptIndexTests: transcript.idx — its records and header, the in-memory index's ranges, and the file built
// when missing, brought up to date when behind and rebuilt when damaged; the start-up tail read through it.
import Glibc
import GroupCore
import GroupPosix
@testable import GroupStore
import GroupWire
import Testing

@Suite("Transcript index")
struct TranscriptIndexTests {
    static let defaults = GroupSettings(name: "G", owner: "owner", admission: .approve)

    static func message(_ sequence: UInt64) -> ChatMessage {
        ChatMessage(sequence: sequence, time: 1_700_000_000_000 + Int64(sequence) * 1000, sender: "alice", recipient: nil,
            text: "message \(sequence)")
    }

    /// A store with index stride 4 holding messages 1…count, loaded once so the index file exists.
    static func store(_ temporary: TemporaryFolder, count: UInt64, stride: Int = 4) throws -> GroupStore {
        let store = try GroupStore(folder: DataFolder(path: temporary.file("group")), indexStride: stride)
        _ = try store.load(defaults: defaults)
        for start in Swift.stride(from: UInt64(1), through: count, by: 7) {
            try store.appendTranscript((start...min(count, start + 6)).map(message))
        }
        return store
    }

    static func reopen(_ temporary: TemporaryFolder, stride: Int = 4, window: Int = RecentMessages.capacity) throws
        -> (GroupStore, (snapshot: GroupSnapshot, isNew: Bool, notes: [String]))
    {
        let store = try GroupStore(folder: DataFolder(path: temporary.file("group")), indexStride: stride)
        store.windowCapacity = window
        return (store, try store.load(defaults: defaults))
    }

    @Test func recordsRoundTripAndADamagedOneIsRefused() throws {
        let record = IndexRecord(sequence: 12_345, time: 1_795_368_767_007, offset: 987_654_321)
        let bytes = record.encoded(number: 7)
        #expect(bytes.count == IndexRecord.size)
        #expect(IndexRecord(bytes[...], number: 7) == record)
        #expect(IndexRecord(bytes[...], number: 8) == nil)  // out of place
        for position in [0, 9, 17, 25, 29] {
            var damaged = bytes
            damaged[position] ^= 0x40
            #expect(IndexRecord(damaged[...], number: 7) == nil)
        }
        #expect(IndexHeader.stride(of: IndexHeader.encoded(stride: 1024)[...]) == 1024)
        #expect(IndexHeader.stride(of: Array("GCTIDX2\n\0\0\u{4}\0\0\0\0\u{20}".utf8)[...]) == nil)
    }

    @Test func theIndexFindsBlocksAndRanges() {
        var index = TranscriptIndex(stride: 3)
        var due: [IndexRecord] = []
        for sequence in UInt64(1)...10 {
            // Sequence 5 is missing (a failed write): numbers and lines differ from there on.
            let number = sequence >= 5 ? sequence + 1 : sequence
            if let record = index.append(sequence: number, time: Int64(number) * 100, length: 10) { due.append(record) }
        }
        #expect(due.map(\.sequence) == [1, 4, 8, 11])
        #expect(due.map(\.offset) == [0, 30, 60, 90])
        #expect(index.lineCount == 10 && index.endOffset == 100)
        #expect(index.block(containingLine: 7) == (60, 6))
        #expect(index.range() == 0..<100)
        #expect(index.range(before: 8) == 0..<60)
        #expect(index.range(after: 8) == 60..<100)
        #expect(index.range(after: 4, before: 9) == 30..<90)
        #expect(index.range(after: 50) == 90..<100)
        #expect(index.range(before: 1) == 0..<0)
        // Times are used with a day of slack: a bound within a day of every record narrows nothing.
        #expect(index.range(since: 700) == 0..<100)
        let late = TranscriptIndex.clockSlackMillis + 1_101
        #expect(index.range(since: late) == 90..<100)
    }

    @Test func theFileIsBuiltWhenMissingAndKeptInStepWithTheTranscript() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 10)
        let path = store.folder.transcriptIndex
        #expect(readRaw(path)?.count == IndexHeader.size + 3 * IndexRecord.size)  // lines 0, 4, 8
        let (_, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes.isEmpty)
        unlink(path)
        let (rebuilt, again) = try Self.reopen(temporary)
        #expect(again.notes == ["built transcript.idx, the index of transcript.txt (10 lines)"])
        #expect(readRaw(path)?.count == IndexHeader.size + 3 * IndexRecord.size)
        #expect(rebuilt.transcriptExtent.lines == 10)
        #expect(permissions(of: path) == 0o600)
    }

    @Test func aDamagedRecordIsRebuiltFromTheTranscript() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 30)
        let path = store.folder.transcriptIndex
        var bytes = try #require(readRaw(path))
        bytes[IndexHeader.size + 2 * IndexRecord.size + 5] ^= 0xFF
        try AtomicFile.write(bytes: bytes, to: path)
        let (_, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes.count == 1)
        #expect(loaded.notes.first?.contains("record 3 is damaged or out of place") == true)
        #expect(loaded.snapshot.lastSequence == 30)
        #expect(try Self.reopen(temporary).1.notes.isEmpty)  // the file was rewritten whole
    }

    @Test(arguments: [("header", "its header is not valid"), ("partial", "ends in a partial record"), ("order", "record 2 is damaged or out of place")])
    func otherDamageIsRebuiltToo(damage: String, reason: String) throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 30)
        var bytes = try #require(readRaw(store.folder.transcriptIndex))
        let first = IndexHeader.size + IndexRecord.size
        let second = first + IndexRecord.size
        switch damage {
        case "header": bytes[0] = 0x58
        case "partial": bytes.removeLast(5)
        default:  // swap records 2 and 3
            let record = Array(bytes[first..<second])
            bytes.replaceSubrange(first..<second, with: bytes[second..<(second + IndexRecord.size)])
            bytes.replaceSubrange(second..<(second + IndexRecord.size), with: record)
        }
        try AtomicFile.write(bytes: bytes, to: store.folder.transcriptIndex)
        let (reopened, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes.first?.contains(reason) == true, "\(damage): \(loaded.notes)")
        #expect(reopened.transcriptExtent.lines == 30)
        #expect(readRaw(store.folder.transcriptIndex)?.count == IndexHeader.size + 8 * IndexRecord.size)
    }

    @Test func anIndexBehindTheTranscriptIsBroughtUpToDate() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 30)
        let bytes = try #require(readRaw(store.folder.transcriptIndex))
        try AtomicFile.write(bytes: Array(bytes.prefix(IndexHeader.size + 2 * IndexRecord.size)), to: store.folder.transcriptIndex)
        let (_, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes == ["brought transcript.idx up to date with transcript.txt (6 records added)"])
        #expect(readRaw(store.folder.transcriptIndex) == bytes)
    }

    @Test func anIndexOfAnotherTranscriptIsRebuilt() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 30)
        // The same lengths, other numbers: every record's offset still lands on a line start.
        let other = (1...30).map { RecordLines.encode(Self.message(UInt64($0) + 100).withText("message \($0)")) + "\n" }
        try AtomicFile.write(bytes: Array(other.joined().utf8), to: store.folder.transcript)
        let (_, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes.first?.contains("does not match the transcript") == true)
        #expect(loaded.snapshot.lastSequence == 130)
    }

    @Test func startUpDecodesOnlyTheNewestLines() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        _ = try Self.store(temporary, count: 23)
        let (_, loaded) = try Self.reopen(temporary, window: 5)
        #expect(loaded.snapshot.recentMessages.map(\.sequence) == [19, 20, 21, 22, 23])
        #expect(!loaded.snapshot.recentIsWholeTranscript)
        let (_, whole) = try Self.reopen(temporary, window: 23)
        #expect(whole.snapshot.recentMessages.count == 23 && whole.snapshot.recentIsWholeTranscript)
    }

    @Test func anInvalidLineAmongTheNewestStopsTheStartWithItsNumber() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 9)
        try appendRaw(Array("garbage\n".utf8), to: store.folder.transcript)
        try store.appendTranscript([Self.message(11)])
        #expect(throws: StoreError.badLine(file: "transcript.txt", line: 10)) { try Self.reopen(temporary, window: 5) }
        // Older than the window, it is not decoded at start-up (reads skip it).
        let (_, loaded) = try Self.reopen(temporary, window: 1)
        #expect(loaded.snapshot.recentMessages.map(\.sequence) == [11])
    }

    @Test func aCrashCutLastLineIsRemovedAndTheIndexFollows() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.store(temporary, count: 8)
        try appendRaw(Array("9\t2023-11-14T22:1".utf8), to: store.folder.transcript)
        let (reopened, loaded) = try Self.reopen(temporary)
        #expect(loaded.notes.count == 1 && loaded.notes[0].contains("cut off by a crash"))
        #expect(loaded.snapshot.lastSequence == 8)
        try reopened.appendTranscript([Self.message(9)])
        #expect(try Self.reopen(temporary).1.snapshot.recentMessages.map(\.sequence) == Array(1...9))
    }
}

extension ChatMessage {
    /// The same message with another text.
    func withText(_ text: String) -> ChatMessage {
        ChatMessage(sequence: sequence, time: time, sender: sender, recipient: recipient, text: text, isAction: isAction)
    }
}
