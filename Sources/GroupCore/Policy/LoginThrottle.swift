// LoginThrottle: after five failed logins in a row a name is locked for a short, growing time.

/// Tracks consecutive login failures per username and when each name may try again.
public struct LoginThrottle: Sendable {
    /// Failures allowed before the first lock.
    public static let freeFailures = 5
    /// Length of the first lock, in milliseconds; each further failure doubles it.
    public static let baseLockMillis: Int64 = 2_000
    /// Longest lock, in milliseconds.
    public static let maxLockMillis: Int64 = 300_000

    private var failures: [String: Int] = [:]
    private var lockedUntil: [String: Int64] = [:]

    /// Creates an empty throttle.
    public init() {}

    /// Milliseconds `name` must still wait at `now`, or nil when it may try.
    public func remainingLock(for name: String, now: Int64) -> Int64? {
        guard let until = lockedUntil[name], until > now else { return nil }
        return until - now
    }

    /// Records a failed attempt at `now`; from the fifth in a row on, locks the name.
    public mutating func recordFailure(for name: String, now: Int64) {
        let count = failures[name, default: 0] + 1
        failures[name] = count
        if count >= Self.freeFailures {
            let doublings = min(count - Self.freeFailures, 20)
            let lock = min(Self.baseLockMillis << Int64(doublings), Self.maxLockMillis)
            lockedUntil[name] = now + lock
        }
    }

    /// Records a successful login: the count starts again.
    public mutating func recordSuccess(for name: String) {
        failures[name] = nil
        lockedUntil[name] = nil
    }
}
