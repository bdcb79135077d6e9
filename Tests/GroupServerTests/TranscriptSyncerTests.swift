// TranscriptSyncerTests: the sync side the event loop hands written batches to — it answers each request through its
// descriptor, with the sync's failure when there is one. (Its helper-process placement, for fork mode, is tested end
// to end: the test runner never forks.)
import Glibc
import GroupPosix
import GroupServer
import GroupStore
import Testing

@Suite("Transcript syncer")
struct TranscriptSyncerTests {
    /// Waits until `syncer` has an outcome, through its wake-up descriptor as the loop does.
    private func outcome(of syncer: TranscriptSyncer) -> SystemError?? {
        var watched = pollfd(fd: syncer.wakeup, events: Int16(POLLIN), revents: 0)
        for _ in 0..<100 {
            if let result = syncer.takeResult() { return result }
            _ = poll(&watched, 1, 100)
        }
        return nil
    }

    @Test func eachRequestIsAnsweredThroughTheWakeupDescriptor() throws {
        let (store, _) = try TranscriptWorkTests.store(count: 3)
        let syncer = try TranscriptSyncer(file: store.transcriptFile, placement: .thread)
        for _ in 0..<3 {
            guard case .started = syncer.start() else {
                Issue.record("the sync thread did not take the request")
                return
            }
            let result = try #require(outcome(of: syncer), "no answer within 10 s")
            #expect(result == nil)
            #expect(syncer.takeResult() == nil, "an answer came twice")
        }
    }

    @Test func aFailedSyncIsReportedWithItsReason() throws {
        // /dev/null cannot be synced (EINVAL), like a disk that fails its sync.
        let syncer = try TranscriptSyncer(file: AppendOnlyFile(path: "/dev/null"), placement: .thread)
        guard case .started = syncer.start() else {
            Issue.record("the sync thread did not take the request")
            return
        }
        let result = try #require(outcome(of: syncer), "no answer within 10 s")
        #expect(result?.code == EINVAL)
        #expect(result?.call == "fdatasync(/dev/null)")
    }
}
