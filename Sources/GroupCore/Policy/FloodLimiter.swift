// FloodLimiter: a token bucket per member — a burst, then a steady rate; persistent flooding is counted.

/// One member's message allowance, shared by all of the member's sessions (kept in ``GroupBudgets``).
public struct FloodLimiter: Sendable {
    private var tokens: Double
    private var refilledAt: Int64
    /// Refusals in a row since the last accepted message.
    public private(set) var strikes = 0

    /// Creates a full bucket at `now`.
    public init(limits: GroupLimits, now: Int64) {
        tokens = limits.messageBurst
        refilledAt = now
    }

    /// Whether a message may be sent at `now`; takes a token if so, counts a strike if not.
    public mutating func allow(at now: Int64, limits: GroupLimits) -> Bool {
        guard limits.messagesPerSecond > 0 else { return true }
        let elapsed = Double(max(0, now - refilledAt)) / 1000
        tokens = min(limits.messageBurst, tokens + elapsed * limits.messagesPerSecond)
        refilledAt = now
        guard tokens >= 1 else {
            strikes += 1
            return false
        }
        tokens -= 1
        strikes = 0
        return true
    }

    /// Whether the bucket is full again at `now`, so forgetting it changes nothing (its next message is accepted,
    /// which clears the strikes anyway).
    public func isFull(at now: Int64, limits: GroupLimits) -> Bool {
        guard limits.messagesPerSecond > 0 else { return true }
        return tokens + Double(max(0, now - refilledAt)) / 1000 * limits.messagesPerSecond >= limits.messageBurst
    }
}
