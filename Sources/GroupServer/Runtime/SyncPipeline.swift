// SyncPipeline: the transcript batches written but not yet answered, oldest first, while their syncs run elsewhere —
// so that acknowledgements and deliveries go out in the order the messages were written, whatever order the syncs end.
import GroupStore
import GroupWire

/// The batches between "written" and "answered", in writing order.
///
/// A sync covers every byte written before it was asked for, so a sync that finishes makes its batch and every older
/// one durable. A sync that fails leaves the end of the file in doubt: every batch not yet answered is refused, and the
/// file is cut back to where the oldest of them began. Batches leave the pipeline only from the front, so answers keep
/// the writing order.
struct SyncPipeline {
    /// One written batch (or one whose write failed) and what is known of it.
    struct Batch {
        /// The messages, in order.
        let messages: [ChatMessage]
        /// What the store wrote; nil when the write itself failed.
        let written: UnsyncedTranscript?
        /// The number of the sync that covers it, while it runs.
        var sync: UInt64?
        /// Whether it is durable (false) or refused (the reason), once known.
        var failure: String??
    }

    private(set) var batches: [Batch] = []

    /// Whether no batch waits.
    var isEmpty: Bool { batches.isEmpty }

    /// Adds a written batch whose sync `number` was started (nil: whose outcome is about to be decided).
    mutating func add(_ written: UnsyncedTranscript, syncing number: UInt64?) {
        batches.append(Batch(messages: written.messages, written: written, sync: number, failure: nil))
    }

    /// Adds a batch whose outcome is already known: synced in place, or refused (its write or sync failed).
    mutating func add(_ messages: [ChatMessage], written: UnsyncedTranscript?, failure: String?) {
        batches.append(Batch(messages: messages, written: written, sync: nil, failure: .some(failure)))
    }

    /// Sync `number` finished: it and every older batch's sync are durable.
    mutating func synced(through number: UInt64) {
        for index in batches.indices {
            guard let sync = batches[index].sync, sync <= number else { continue }
            batches[index].sync = nil
            batches[index].failure = .some(nil)
        }
    }

    /// A sync failed: refuses every batch whose sync still runs, and returns the oldest of them, where the file must be
    /// cut back to (nil: none ran). (Batches after it are not durable either: the cut removes them too.)
    mutating func failed(_ reason: String) -> UnsyncedTranscript? {
        var cutAt: UnsyncedTranscript?
        for index in batches.indices where batches[index].failure == nil {
            if cutAt == nil { cutAt = batches[index].written }
            batches[index].sync = nil
            batches[index].failure = .some(reason)
        }
        return cutAt
    }

    /// Removes and returns the batches at the front whose outcome is known, oldest first.
    mutating func takeAnswerable() -> [(messages: [ChatMessage], written: UnsyncedTranscript?, failure: String?)] {
        var answerable: [(messages: [ChatMessage], written: UnsyncedTranscript?, failure: String?)] = []
        while let first = batches.first, let failure = first.failure {
            answerable.append((first.messages, first.written, failure))
            batches.removeFirst()
        }
        return answerable
    }
}
