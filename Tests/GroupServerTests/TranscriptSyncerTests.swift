// TranscriptSyncerTests: the sync side the event loop hands written batches to — several syncs at once, each answered
// with its number through the wake-up descriptor, with the sync's failure when there is one. (Its helper-process
// placement, for fork mode, is tested end to end: the test runner never forks.)
import Glibc
import GroupPosix
import GroupServer
import GroupStore
import Testing

@Suite("Transcript syncer")
struct TranscriptSyncerTests {
    /// Waits, through the wake-up descriptor as the loop does, until `count` syncs have answered (at most 10 s).
    private func results(of syncer: TranscriptSyncer, count: Int) -> [(number: UInt64, failure: SystemError?)] {
        var all: [(number: UInt64, failure: SystemError?)] = []
        var watched = pollfd(fd: syncer.wakeup, events: Int16(POLLIN), revents: 0)
        for _ in 0..<100 where all.count < count {
            all += syncer.takeResults()
            if all.count < count { _ = poll(&watched, 1, 100) }
        }
        return all
    }

    @Test func severalSyncsRunAtOnceAndEachIsAnsweredWithItsNumber() throws {
        let (store, _) = try TranscriptWorkTests.store(count: 3)
        let syncer = try TranscriptSyncer(file: store.transcriptFile, placement: .thread, workers: 3)
        var numbers: [UInt64] = []
        for _ in 0..<3 {
            #expect(syncer.hasRoom)
            guard case .started(let number) = syncer.start() else {
                Issue.record("a sync thread did not take the request")
                return
            }
            numbers.append(number)
        }
        #expect(!syncer.hasRoom, "three workers took three syncs")
        #expect(numbers == [1, 2, 3])
        let answered = results(of: syncer, count: 3)
        #expect(answered.map(\.number).sorted() == numbers)
        #expect(answered.allSatisfy { $0.failure == nil })
        #expect(syncer.hasRoom && !syncer.isBusy)
        #expect(syncer.takeResults().isEmpty, "an answer came twice")
    }

    @Test func aFailedSyncIsReportedWithItsReason() throws {
        // /dev/null cannot be synced (EINVAL), like a disk that fails its sync.
        let syncer = try TranscriptSyncer(file: AppendOnlyFile(path: "/dev/null"), placement: .thread, workers: 1)
        guard case .started(let number) = syncer.start() else {
            Issue.record("the sync thread did not take the request")
            return
        }
        let answered = results(of: syncer, count: 1)
        #expect(answered.count == 1)
        #expect(answered.first?.number == number)
        #expect(answered.first?.failure?.code == EINVAL)
        #expect(answered.first?.failure?.call == "fdatasync(/dev/null)")
    }
}
