// TranscriptReads: the transcript reads under way — one per session at a time, a bounded number in all.
import GroupWire

/// The core's bookkeeping of the reads it asked for: which session each answers and how.
struct TranscriptReads: Sendable {
    /// What a read answers.
    enum Purpose: Equatable, Sendable {
        /// A `1016` page older than the in-memory window.
        case history
        /// A `1053` catch-up reaching past the window; `after` is the member's last-seen number.
        case catchUp(after: UInt64)
        /// A `1061` search.
        case search
    }

    /// One read under way.
    struct Pending: Equatable, Sendable {
        let session: SessionID
        let purpose: Purpose
    }

    private var next: UInt64 = 0
    private var pending: [ReadID: Pending] = [:]

    /// How many reads are under way.
    var count: Int { pending.count }

    /// Whether `session` waits for a read.
    func isBusy(_ session: SessionID) -> Bool { pending.values.contains { $0.session == session } }

    /// Records a new read and returns its ID.
    mutating func start(for session: SessionID, _ purpose: Purpose) -> ReadID {
        next += 1
        let id = ReadID(next)
        pending[id] = Pending(session: session, purpose: purpose)
        return id
    }

    /// Forgets a finished read and returns what it was for (nil when it was cancelled).
    mutating func finish(_ id: ReadID) -> Pending? { pending.removeValue(forKey: id) }

    /// Forgets the reads of a session that ended; returns their IDs, to cancel.
    mutating func cancel(_ session: SessionID) -> [ReadID] {
        let ids = pending.filter { $0.value.session == session }.map(\.key).sorted { $0.raw < $1.raw }
        for id in ids { pending[id] = nil }
        return ids
    }
}
