// HeldRequests: what each connection sent while an earlier request of its own still waited for its answer.
import GroupWire

/// One request held back, or a frame that did not parse (its `400` must come in its turn too).
enum HeldInput: Equatable, Sendable {
    /// A well-formed request.
    case request(ClientRequest)
    /// A whole frame that is not a valid request.
    case invalid(command: UInt16, reason: String)

    /// Whether this is a message the group saves (group, direct, action): such requests may follow each other
    /// without waiting, because their acknowledgements come back in the order they were saved.
    var sendsMessage: Bool {
        guard case .request(let request) = self else { return false }
        switch request {
        case .groupMessage, .directMessage, .action: return true
        default: return false
        }
    }
}

/// Per connection, the requests that arrived while an earlier one was still unanswered, oldest first, so every
/// connection is answered in the order it asked (docs/PROTOCOL.md §3). Bounded per connection in count and bytes.
struct HeldRequests: Sendable {
    private var queues: [SessionID: [(input: HeldInput, size: Int)]] = [:]
    private var bytes: [SessionID: Int] = [:]

    /// Whether `session` has requests waiting (a new one must queue behind them).
    func isHolding(_ session: SessionID) -> Bool { queues[session] != nil }

    /// Queues `input` of `size` payload bytes for `session`.
    /// - Returns: False when that would pass `maxCount` requests or `maxBytes` bytes (nothing is queued then).
    mutating func hold(_ input: HeldInput, size: Int, for session: SessionID, maxCount: Int, maxBytes: Int) -> Bool {
        let count = queues[session]?.count ?? 0
        let total = (bytes[session] ?? 0) + size
        guard count < maxCount, total <= maxBytes else { return false }
        queues[session, default: []].append((input, size))
        bytes[session] = total
        return true
    }

    /// The oldest request held for `session`, without removing it.
    func peek(_ session: SessionID) -> HeldInput? { queues[session]?.first?.input }

    /// Removes and returns the oldest request held for `session`.
    mutating func take(_ session: SessionID) -> HeldInput? {
        guard var queue = queues[session], !queue.isEmpty else { return nil }
        let first = queue.removeFirst()
        queues[session] = queue.isEmpty ? nil : queue
        bytes[session] = queue.isEmpty ? nil : max(0, (bytes[session] ?? 0) - first.size)
        return first.input
    }

    /// Forgets everything held for `session` (it ended).
    mutating func drop(_ session: SessionID) {
        queues[session] = nil
        bytes[session] = nil
    }
}

extension HeldInput {
    /// The bytes this input counts against ``GroupLimits/maxHeldBytes``: its payload.
    var size: Int {
        switch self {
        case .request(let request): return max(0, request.encoded().count - WireLimits.headerSize)
        case .invalid(_, let reason): return reason.utf8.count
        }
    }
}
