// TranscriptWork: where the transcript reads the core asks for (older history, long catch-ups, searches) run —
// on two reader threads where the mode allows threads, in slices between event-loop turns in fork mode.
import GroupCore
import GroupPosix
import GroupStore

/// Runs transcript scans off the event path. The engine polls ``wakeup`` and, when it is readable, calls
/// ``takeResults()`` and feeds each page to the runtime.
public protocol TranscriptWork: AnyObject {
    /// Starts a read.
    func submit(_ id: ReadID, _ scan: TranscriptScan)
    /// Stops a read whose session ended; its result never comes.
    func cancel(_ id: ReadID)
    /// Readable when results wait (or, for work done in slices, when a slice is due).
    var wakeup: Int32 { get }
    /// Does what is due (a slice, for work done in the loop) and returns the reads that finished.
    func takeResults() -> [(ReadID, TranscriptPage)]
}

/// Two reader threads: one for pages (history, catch-up, export pages: a few hundred lines each), one for
/// searches (which may read the whole transcript, in the idle scheduling class), so a long search never holds up a
/// page of history and never takes the CPU from the engine. Each
/// runs its queue in order; the results wake the engine through a pipe. Used by the nonblocking and threads modes.
public final class ReaderThreads: TranscriptWork, @unchecked Sendable {
    // `lanes`, `cancelled` and `results` are guarded by `lock`.
    private let lock = Lock()
    private var lanes: [[(ReadID, TranscriptScan)]] = [[], []]
    private var cancelled: Set<ReadID> = []
    private var results: [(ReadID, TranscriptPage)] = []
    private let pipe: Pipe
    private let reader: TranscriptReader

    /// Starts the two threads, reading with `reader`.
    public init(reader: TranscriptReader) throws(SystemError) {
        self.reader = reader
        pipe = try Pipe()
        for lane in 0..<2 { try Threads.detach { [self] in work(lane) } }
    }

    public var wakeup: Int32 { pipe.readEnd }

    public func submit(_ id: ReadID, _ scan: TranscriptScan) {
        lock.withLock {
            lanes[Self.lane(of: scan.query)].append((id, scan))
            lock.broadcast()
        }
    }

    public func cancel(_ id: ReadID) {
        lock.withLock {
            let queued = lanes.map(\.count).reduce(0, +)
            for lane in lanes.indices { lanes[lane].removeAll { $0.0 == id } }
            // Not queued any more: running (its thread drops the result) or finished (dropped when taken).
            if lanes.map(\.count).reduce(0, +) == queued { cancelled.insert(id) }
        }
    }

    public func takeResults() -> [(ReadID, TranscriptPage)] {
        pipe.drain()
        return lock.withLock {
            defer { results.removeAll() }
            let kept = results.filter { cancelled.remove($0.0) == nil }
            return kept
        }
    }

    /// 0 for pages, 1 for searches (words, a sender or a time range).
    static func lane(of query: TranscriptQuery) -> Int {
        query.words.isEmpty && query.sender == nil && query.since == nil && query.until == nil ? 0 : 1
    }

    private func work(_ lane: Int) {
        // A search may read the whole transcript: it runs only on CPU time the engine's threads (the event loop,
        // connection threads, the committer) do not want, so chat keeps its latency while it runs. (Nice 10 was not
        // enough: in threads mode the p99 of a 500 msg/s group rose to 25–116 ms during searches, 14–16 ms idle-class.)
        if lane == 1 { Threads.runOnlyWhenIdle() }
        var buffer: [UInt8] = []
        while true {
            var (id, scan) = lock.withLock {
                while lanes[lane].isEmpty { lock.wait() }
                return lanes[lane].removeFirst()
            }
            // Chunk by chunk, so a cancelled search stops early.
            while !reader.step(&scan, buffer: &buffer) {
                if lock.withLock({ cancelled.contains(id) }) { break }
            }
            let page = scan.page
            lock.withLock {
                if cancelled.remove(id) == nil { results.append((id, page)) }
            }
            pipe.signal()
        }
    }
}

/// Reads done by the event loop itself, one chunk (1 MiB, about a millisecond) per turn, taking turns between
/// reads: fork mode's parent may not start threads. While work remains the wake-up pipe stays readable, so the
/// loop comes back to it between serving everything else.
public final class SlicedReads: TranscriptWork {
    private var jobs: [(ReadID, TranscriptScan)] = []
    private var buffer: [UInt8] = []
    private let pipe: Pipe
    private let reader: TranscriptReader

    /// Creates the work queue, reading with `reader`.
    public init(reader: TranscriptReader) throws(SystemError) {
        self.reader = reader
        pipe = try Pipe()
    }

    public var wakeup: Int32 { pipe.readEnd }

    public func submit(_ id: ReadID, _ scan: TranscriptScan) {
        jobs.append((id, scan))
        pipe.signal()
    }

    public func cancel(_ id: ReadID) { jobs.removeAll { $0.0 == id } }

    public func takeResults() -> [(ReadID, TranscriptPage)] {
        pipe.drain()
        guard !jobs.isEmpty else { return [] }
        var (id, scan) = jobs.removeFirst()
        var finished: [(ReadID, TranscriptPage)] = []
        if reader.step(&scan, buffer: &buffer) { finished.append((id, scan.page)) } else { jobs.append((id, scan)) }
        if !jobs.isEmpty { pipe.signal() }
        return finished
    }
}
