// LineBudget: a token bucket over the lines one IRC client sends — a burst, then a steady rate.

/// One connection's line allowance. The clock is passed in (milliseconds, any monotonic origin).
struct LineBudget: Sendable {
    private var tokens: Double
    private var refilledAt: Int64?

    /// A full bucket.
    init(limits: IRCLimits) { tokens = limits.lineBurst }

    /// Takes one line's token at `now`; false when the bucket is empty.
    mutating func take(at now: Int64, limits: IRCLimits) -> Bool {
        if let refilledAt {
            let elapsed = Double(max(0, now - refilledAt)) / 1000
            tokens = min(limits.lineBurst, tokens + elapsed * limits.linesPerSecond)
        }
        refilledAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
