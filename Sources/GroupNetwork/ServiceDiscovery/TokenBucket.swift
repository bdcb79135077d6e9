// TokenBucket: at most `rate` per second on average, `burst` at once — the budget of mDNS answers.

/// A token bucket over a millisecond clock passed in.
struct TokenBucket: Sendable {
    private let burst: Double
    private let perMilli: Double
    private var tokens: Double
    private var last: Int64

    /// A full bucket refilled at `ratePerSecond`.
    init(ratePerSecond: Double, burst: Double, now: Int64) {
        self.burst = burst
        perMilli = ratePerSecond / 1000
        tokens = burst
        last = now
    }

    /// Takes one token if there is one.
    mutating func take(now: Int64) -> Bool {
        refill(now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether the bucket is full again (its owner may be forgotten).
    mutating func isFull(now: Int64) -> Bool {
        refill(now)
        return tokens >= burst
    }

    private mutating func refill(_ now: Int64) {
        if now > last { tokens = min(burst, tokens + Double(now - last) * perMilli) }
        last = max(last, now)
    }
}
