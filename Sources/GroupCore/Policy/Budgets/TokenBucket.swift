// TokenBucket, Rate, KeyedBudget: "so many at once, then so many a minute" — the shape of every budget on
// requests that change the group (per member) and on strangers' requests (per address and prefix).

/// How fast a budget refills: `burst` at once, then `perMinute`.
public struct Rate: Sendable, Equatable {
    /// What a full bucket holds.
    public var burst: Double
    /// Tokens added per minute (0: the bucket never refills, and a burst of 0 allows nothing).
    public var perMinute: Double

    /// Creates a rate.
    public init(burst: Double, perMinute: Double) {
        self.burst = burst
        self.perMinute = perMinute
    }

    /// No limit: the bucket is always full.
    public static let unlimited = Rate(burst: .infinity, perMinute: 0)
}

/// One bucket of tokens, refilled with time. Pure: the time is passed in (milliseconds).
public struct TokenBucket: Sendable, Equatable {
    private var tokens: Double
    private var refilledAt: Int64

    /// A full bucket at `now`.
    public init(rate: Rate, now: Int64) {
        tokens = rate.burst
        refilledAt = now
    }

    /// The tokens available at `now`.
    public func available(at now: Int64, rate: Rate) -> Double {
        min(rate.burst, tokens + Double(max(0, now - refilledAt)) * rate.perMinute / 60_000)
    }

    /// Takes a token at `now` if one is there.
    /// - Returns: nil when taken; otherwise the milliseconds until one will be.
    public mutating func take(at now: Int64, rate: Rate) -> Int64? {
        tokens = available(at: now, rate: rate)
        refilledAt = now
        guard tokens < 1 else {
            tokens -= 1
            return nil
        }
        return waitMillis(at: now, rate: rate)
    }

    /// Milliseconds until a token is available at `now` (0: one is); `Int64.max` for a rate that never refills.
    public func waitMillis(at now: Int64, rate: Rate) -> Int64 {
        let missing = 1 - available(at: now, rate: rate)
        guard missing > 0 else { return 0 }
        guard rate.perMinute > 0 else { return .max }
        return Int64((missing * 60_000 / rate.perMinute).rounded(.up))
    }
}

/// A bucket per key (a member's name, an address, a prefix), all at one rate. Keys whose bucket is full again
/// are forgotten by ``prune(now:)``, so it holds only the keys active recently.
public struct KeyedBudget: Sendable, Equatable {
    /// The rate of every bucket.
    public let rate: Rate
    private var buckets: [String: TokenBucket] = [:]

    /// Creates a budget with no keys yet.
    public init(rate: Rate) { self.rate = rate }

    /// Takes a token for `key` at `now`.
    /// - Returns: nil when allowed; otherwise the milliseconds until it will be.
    public mutating func take(_ key: String, now: Int64) -> Int64? {
        var bucket = buckets[key] ?? TokenBucket(rate: rate, now: now)
        defer { buckets[key] = bucket }
        return bucket.take(at: now, rate: rate)
    }

    /// Milliseconds until `key` may take a token (0: now), without taking it.
    public func waitMillis(_ key: String, now: Int64) -> Int64 {
        buckets[key]?.waitMillis(at: now, rate: rate) ?? (rate.burst >= 1 ? 0 : .max)
    }

    /// Moves a key's bucket to a new key (a member renamed).
    public mutating func rename(_ old: String, to new: String) {
        if let bucket = buckets.removeValue(forKey: old) { buckets[new] = bucket }
    }

    /// Forgets the keys whose bucket is full again.
    public mutating func prune(now: Int64) {
        buckets = buckets.filter { $0.value.available(at: now, rate: rate) < rate.burst }
    }

    /// How many keys are remembered.
    public var count: Int { buckets.count }
}
