// UnsyncedTranscriptTests: a transcript batch written in one step and counted in another, once its sync (run elsewhere)
// has finished — or cut off again when that sync failed.
import Glibc
import GroupCore
import GroupPosix
@testable import GroupStore
import GroupWire
import Testing

@Suite("Unsynced transcript")
struct UnsyncedTranscriptTests {
    private static func message(_ sequence: UInt64) -> ChatMessage {
        ChatMessage(sequence: sequence, time: 1_700_000_000_000 + Int64(sequence) * 1000, sender: "alice", recipient: nil,
            text: "message \(sequence)")
    }

    private static func openStore(_ temporary: TemporaryFolder) throws -> GroupStore {
        let store = try GroupStore(folder: DataFolder(path: temporary.file("group")))
        _ = try store.load(defaults: TranscriptIndexTests.defaults)
        return store
    }

    @Test func aWrittenBatchCountsOnlyOnceItsSyncHasFinished() throws {
        let temporary = try TemporaryFolder()
        let store = try Self.openStore(temporary)
        try store.appendTranscript([Self.message(1)])
        let written = try store.writeTranscript([Self.message(2), Self.message(3)])
        // Written, not yet counted: the index (what history reads plan with) still ends at the first message.
        #expect(store.transcriptExtent.lines == 1)
        try store.transcriptFile.sync()
        store.transcriptSynced(written)
        #expect(store.transcriptExtent.lines == 3)
        let (_, loaded) = try TranscriptIndexTests.reopen(temporary)
        #expect(loaded.snapshot.recentMessages.map(\.sequence) == [1, 2, 3])
    }

    @Test func aFailedSyncCutsOffItsBatchAndThoseWrittenAfterItAndTheNextOneLandsWhole() throws {
        let temporary = try TemporaryFolder()
        let store = try Self.openStore(temporary)
        try store.appendTranscript([Self.message(1)])
        let length = store.transcriptExtent.bytes
        let failed = try store.writeTranscript([Self.message(2)])
        _ = try store.writeTranscript([Self.message(3), Self.message(4)])
        store.cutTranscript(backTo: failed)
        #expect(try store.transcriptFile.length() == length)
        try store.appendTranscript([Self.message(5)])
        let (_, loaded) = try TranscriptIndexTests.reopen(temporary)
        #expect(loaded.snapshot.recentMessages.map(\.sequence) == [1, 5])
    }

    @Test func aBatchWrittenBeforeACutIsNoLongerIntactAndOneWrittenAfterIs() throws {
        let temporary = try TemporaryFolder()
        let store = try Self.openStore(temporary)
        let failed = try store.writeTranscript([Self.message(1)])
        // In threads mode the committer may write the next batch while another thread learns of the failed sync.
        let meanwhile = try store.writeTranscript([Self.message(2)])
        #expect(store.isIntact(meanwhile))
        store.cutTranscript(backTo: failed)
        #expect(!store.isIntact(meanwhile), "the cut took the batch written meanwhile")
        let after = try store.writeTranscript([Self.message(3)])
        #expect(store.isIntact(after))
    }
}
