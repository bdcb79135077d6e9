// GroupRuntime+Commit: group commit — the transcript entries a turn collected are written in one write, synced, and
// only then acknowledged and delivered. With a TranscriptSyncer the syncs run elsewhere, several at once, while the
// engine goes on serving; SyncPipeline keeps the answers in writing order.
import GroupCore
import GroupPosix
import GroupStore
import GroupWire

extension GroupRuntime {
    /// Ends the engine turn and waits for the disk: finishes the batches being synced, writes and syncs the collected
    /// transcript entries, lets the core deliver and acknowledge them, syncs the event log and shows the owner's
    /// window.
    public func flush() {
        if let syncer {
            while syncer.isBusy { record(syncer.waitForResults()) }
            answerSynced()
        }
        let batch = takeTranscriptBatch()
        if !batch.isEmpty { completeTranscriptBatch(batch, error: writeTranscriptBatch(batch)) }
        finishTurn()
    }

    /// Writes and syncs a batch in place; returns the error's reason, or nil.
    func writeTranscriptBatch(_ batch: [ChatMessage]) -> String? {
        do {
            try store.appendTranscript(batch)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Whether transcript entries that can be written now, or event-log lines, wait to be made durable.
    public var needsCommit: Bool { (!unsavedTranscript.isEmpty && syncer?.hasRoom != false) || eventsUnsynced }

    // MARK: - Without waiting for the disk

    /// Ends the engine turn without waiting for the disk (the event-loop engines): writes the transcript entries
    /// collected in the turn and has the syncer make them durable; the core delivers and acknowledges them when
    /// ``serviceSync()`` learns that they are, in the order they were written. Syncs the event log and shows the
    /// window as ``flush()`` does. Without a syncer, this is ``flush()``.
    public func commitTurn() {
        guard syncer != nil else { return flush() }
        let batch = takeBatchToSync()
        if !batch.isEmpty { startSync(batch, writeUnsynced(batch)) }
        finishTurn()
    }

    /// Answers the batches whose syncs have finished (call when ``syncWakeup`` is readable).
    public func serviceSync() {
        guard let syncer else { return }
        record(syncer.takeResults())
        answerSynced()
    }

    /// Notices sync helper processes that died (fork mode; call about once a second, after reaping children): the
    /// syncs they ran are redone in place and their batches answered.
    public func checkSyncWorkers() {
        guard let redone = syncer?.checkHelpers() else { return }
        record([redone])
        answerSynced()
    }

    // The same in three phases, for the threads engine, which writes outside its lock.

    /// Phase 1: takes the transcript entries collected since the last batch, if a sync worker is free for them (else
    /// they wait for a turn with a free one); empty when none.
    public func takeBatchToSync() -> [ChatMessage] {
        guard syncer?.hasRoom != false else { return [] }
        defer { unsavedTranscript.removeAll(keepingCapacity: true) }
        return unsavedTranscript
    }

    /// Phase 2: writes a batch without syncing it. Touches only the transcript file, so one committer may call it
    /// without the runtime's lock while others use the runtime.
    public func writeUnsynced(_ batch: [ChatMessage]) -> Result<UnsyncedTranscript, SystemError> {
        do throws(SystemError) {
            return .success(try store.writeTranscript(batch))
        } catch {
            return .failure(error)
        }
    }

    /// Phase 3: has the syncer make a written batch durable (or, when its write failed, queues its refusal behind the
    /// batches written before it).
    public func startSync(_ batch: [ChatMessage], _ write: Result<UnsyncedTranscript, SystemError>) {
        defer { answerSynced() }
        let written: UnsyncedTranscript
        switch write {
        case .success(let batch): written = batch
        case .failure(let error): return pipeline.add(batch, written: nil, failure: error.reason)
        }
        // Written by the threads engine's committer while a failed sync cut the transcript back: it went with the cut.
        guard store.isIntact(written) else {
            return pipeline.add(batch, written: nil, failure: "the transcript was cut back after a failed sync")
        }
        guard let syncer else { return }
        switch syncer.start() {
        case .started(let number):
            pipeline.add(written, syncing: number)
        case .finished(nil):
            pipeline.synced(through: .max)
            pipeline.add(batch, written: written, failure: nil)
        case .finished(let failure?):
            pipeline.add(written, syncing: nil)
            refuseUnsynced(failure)
        }
    }

    /// Notes the outcomes of finished syncs in the pipeline.
    private func record(_ results: [(number: UInt64, failure: SystemError?)]) {
        for (number, failure) in results {
            if let failure { refuseUnsynced(failure) } else { pipeline.synced(through: number) }
        }
    }

    /// A sync failed: every batch whose sync runs is refused and cut off the transcript.
    private func refuseUnsynced(_ failure: SystemError) {
        if let oldest = pipeline.failed(failure.reason) { store.cutTranscript(backTo: oldest) }
    }

    /// Lets the core acknowledge or refuse the batches at the front of the pipeline whose outcome is known, in order.
    private func answerSynced() {
        for batch in pipeline.takeAnswerable() {
            if batch.failure == nil, let written = batch.written { store.transcriptSynced(written) }
            completeTranscriptBatch(batch.messages, error: batch.failure)
        }
    }

    /// Takes the transcript entries collected since the last batch (empty when none).
    func takeTranscriptBatch() -> [ChatMessage] {
        defer { unsavedTranscript.removeAll(keepingCapacity: true) }
        return unsavedTranscript
    }

    /// Lets the core deliver and acknowledge a written batch, or refuse it.
    func completeTranscriptBatch(_ batch: [ChatMessage], error: String?) {
        guard let last = batch.last else { return }
        handle(.transcriptSaved(through: last.sequence, error: error))
        if let error { record("transcript write failed: \(error)") }
        if let problem = store.takeIndexProblem() { record(problem) }
    }
}
