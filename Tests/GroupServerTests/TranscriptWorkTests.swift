// TranscriptWorkTests: where transcript reads run — reader threads, or slices of the event loop in fork mode —
// give the same pages as reading at once, wake the engine through their pipe, and drop cancelled reads.
import Glibc
import GroupCore
import GroupPosix
import GroupServer
import GroupStore
import GroupWire
import Testing

@Suite("Transcript work")
struct TranscriptWorkTests {
    /// A store in a fresh folder holding `count` messages.
    static func store(count: Int) throws -> (GroupStore, String) {
        var template = Array("/tmp/groupserver-tests-XXXXXX".utf8CString)
        let path = String(cString: try #require(mkdtemp(&template)))
        let store = try GroupStore(folder: DataFolder(path: path + "/group"))
        _ = try store.load(defaults: GroupSettings(name: "G", owner: "olga", admission: .open))
        let messages = (1...count).map { (index: Int) -> ChatMessage in
            let text = index % 97 == 0 ? "message \(index) needle" : "message \(index)"
            let sender = index % 2 == 0 ? "bob" : "carol"
            return ChatMessage(sequence: UInt64(index), time: 1_700_000_000_000 + Int64(index), sender: sender, recipient: nil, text: text)
        }
        try store.appendTranscript(messages)
        return (store, path)
    }

    static func remove(_ path: String) { _ = system("rm -rf '\(path)'") }

    /// Whether `fd` is readable within `millis`.
    static func readable(_ fd: Int32, within millis: Int32) -> Bool {
        var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return Glibc.poll(&poll, 1, millis) == 1
    }

    static let search = TranscriptQuery(count: 1000, viewer: nil, words: ["needle"])
    static let page = TranscriptQuery(before: 2_000, count: 50, viewer: nil)

    @Test func slicesOfTheLoopGiveTheSamePagesAndKeepTheWakeUpReadable() throws {
        let (store, path) = try Self.store(count: 5_000)
        defer { Self.remove(path) }
        let work = try SlicedReads(reader: store.transcriptReader)
        let expected = [ReadID(1): store.transcriptReader.run(store.scan(for: Self.search)).page,
                        ReadID(2): store.transcriptReader.run(store.scan(for: Self.page)).page]
        work.submit(ReadID(1), store.scan(for: Self.search, chunkSize: 4_096))
        work.submit(ReadID(2), store.scan(for: Self.page, chunkSize: 4_096))
        work.submit(ReadID(3), store.scan(for: Self.search, chunkSize: 4_096))
        var finished: [ReadID: TranscriptPage] = [:]
        var slices = 0
        while finished.count < 2 {
            #expect(Self.readable(work.wakeup, within: 0), "work remains: the loop must come back")
            if slices == 3 { work.cancel(ReadID(3)) }
            for (id, page) in work.takeResults() { finished[id] = page }
            slices += 1
        }
        #expect(finished == expected)
        #expect(slices > 10)  // one chunk a turn, taking turns
        #expect(expected[ReadID(1)]?.messages.count == 51)
        #expect(!Self.readable(work.wakeup, within: 0))
    }

    @Test func readerThreadsAnswerThroughTheirPipeAndDropCancelledReads() throws {
        let (store, path) = try Self.store(count: 5_000)
        defer { Self.remove(path) }
        let work = try ReaderThreads(reader: store.transcriptReader)
        let expected = store.transcriptReader.run(store.scan(for: Self.search)).page
        work.submit(ReadID(7), store.scan(for: Self.search))
        work.submit(ReadID(8), store.scan(for: Self.page))
        work.cancel(ReadID(8))
        var results: [(ReadID, TranscriptPage)] = []
        for _ in 0..<100 where results.isEmpty {
            if Self.readable(work.wakeup, within: 100) { results += work.takeResults() }
        }
        // Give a cancelled read that was already running the time to finish: its result never shows.
        _ = Self.readable(work.wakeup, within: 200)
        results += work.takeResults()
        #expect(results.map(\.0) == [ReadID(7)])
        #expect(results.first?.1 == expected)
    }
}
