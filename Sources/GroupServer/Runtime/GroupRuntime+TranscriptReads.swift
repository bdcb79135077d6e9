// GroupRuntime+TranscriptReads: the transcript reads the core asks for — planned with the index, run where the
// engine allows (TranscriptWork), and their pages fed back to the core.
import GroupCore

extension GroupRuntime {
    /// Connects the transcript reads (before the engine starts): the engine polls ``readWakeup``.
    public func attach(reads: TranscriptWork) { self.reads = reads }

    /// The descriptor that is readable when transcript reads have results (or work) for ``serviceReads()``.
    public var readWakeup: Int32? { reads?.wakeup }

    /// Feeds the transcript reads that finished to the core (in fork mode, first reads one more slice).
    public func serviceReads() {
        for (id, page) in reads?.takeResults() ?? [] { handle(.transcriptRead(id, page)) }
    }

    /// Plans `read` with the index and starts it (at once, without reader work attached).
    func startRead(_ read: TranscriptRead) {
        let scan = store.scan(for: read.query)
        guard let reads else { return handle(.transcriptRead(read.id, store.transcriptReader.run(scan).page)) }
        reads.submit(read.id, scan)
    }
}
