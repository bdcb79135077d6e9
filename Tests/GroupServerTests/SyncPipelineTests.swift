// SyncPipelineTests: batches written to the transcript are answered in writing order whatever order their syncs end in;
// a failed sync refuses every batch still in doubt and says where to cut the file.
@testable import GroupServer
import GroupStore
import GroupWire
import Testing

@Suite("Sync pipeline")
struct SyncPipelineTests {
    private let store: GroupStore

    init() throws { store = try TranscriptWorkTests.store(count: 1).0 }

    private func written(_ sequence: UInt64) throws -> UnsyncedTranscript {
        try store.writeTranscript([ChatMessage(sequence: sequence, time: 1_700_000_000_000, sender: "bob", recipient: nil,
            text: "m\(sequence)")])
    }

    private func sequences(_ answered: [(messages: [ChatMessage], written: UnsyncedTranscript?, failure: String?)]) -> [UInt64] {
        answered.flatMap { $0.messages.map(\.sequence) }
    }

    @Test func batchesAreAnsweredInWritingOrderWhateverOrderTheirSyncsEnd() throws {
        var pipeline = SyncPipeline()
        pipeline.add(try written(2), syncing: 1)
        pipeline.add(try written(3), syncing: 2)
        pipeline.add(try written(4), syncing: 3)
        #expect(pipeline.takeAnswerable().isEmpty)
        // Sync 2 ends first: it covers batches 1 and 2 (written before it was asked for), not 3.
        pipeline.synced(through: 2)
        let first = pipeline.takeAnswerable()
        #expect(sequences(first) == [2, 3])
        #expect(first.allSatisfy { $0.failure == nil })
        pipeline.synced(through: 1)  // a late answer changes nothing
        #expect(pipeline.takeAnswerable().isEmpty)
        pipeline.synced(through: 3)
        #expect(sequences(pipeline.takeAnswerable()) == [4])
        #expect(pipeline.isEmpty)
    }

    @Test func aFailedWriteWaitsBehindTheBatchesWrittenBeforeIt() throws {
        var pipeline = SyncPipeline()
        pipeline.add(try written(2), syncing: 1)
        pipeline.add([ChatMessage(sequence: 3, time: 0, sender: "bob", recipient: nil, text: "x")], written: nil,
            failure: "No space left on device")
        #expect(pipeline.takeAnswerable().isEmpty, "a refusal may not overtake an earlier message's acknowledgement")
        pipeline.synced(through: 1)
        let answered = pipeline.takeAnswerable()
        #expect(sequences(answered) == [2, 3])
        #expect(answered.map(\.failure) == [nil, "No space left on device"])
    }

    @Test func aFailedSyncRefusesEveryBatchInDoubtAndNamesTheOldestToCutBackTo() throws {
        var pipeline = SyncPipeline()
        let oldest = try written(2)
        pipeline.add(oldest, syncing: 1)
        pipeline.add(try written(3), syncing: 2)
        let cut = pipeline.failed("Input/output error")
        #expect(cut?.messages.map(\.sequence) == [2])
        let answered = pipeline.takeAnswerable()
        #expect(sequences(answered) == [2, 3])
        #expect(answered.allSatisfy { $0.failure == "Input/output error" })
        pipeline.synced(through: 2)  // the other sync's late success changes nothing
        #expect(pipeline.isEmpty)
    }

    @Test func aBatchWhoseSyncFailedInPlaceIsRefusedWithTheBatchesInDoubtBeforeIt() throws {
        var pipeline = SyncPipeline()
        pipeline.add(try written(2), syncing: 1)
        pipeline.add(try written(3), syncing: nil)  // the workers are gone and the sync in place failed
        let cut = pipeline.failed("Input/output error")
        #expect(cut?.messages.map(\.sequence) == [2], "the cut starts at the oldest batch in doubt")
        let answered = pipeline.takeAnswerable()
        #expect(sequences(answered) == [2, 3])
        #expect(answered.allSatisfy { $0.failure == "Input/output error" })
    }
}
