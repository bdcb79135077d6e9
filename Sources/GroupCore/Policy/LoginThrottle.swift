// LoginThrottle: after repeated failed logins for a name from an address — or from its whole /24 or /64 — that
// name is locked there for a short, growing time.

/// Tracks consecutive failures per (name, address) and per (name, address prefix) and when each may try again.
/// A failure counts under both keys: one address gets ``freeFailures`` before the first lock, a whole prefix
/// (``AddressPrefix``) ``freePrefixFailures``, so a host with a subnet gets no fresh budget per address. The
/// name may be a pseudo-name that no username can be, such as ``tokenName`` for session-token guesses.
public struct LoginThrottle: Sendable {
    /// Failures allowed per address before the first lock.
    public static let freeFailures = 5
    /// Failures allowed per prefix (all its addresses together) before the first lock.
    public static let freePrefixFailures = 20
    /// Length of the first lock, in milliseconds; each further failure doubles it.
    public static let baseLockMillis: Int64 = 2_000
    /// Longest lock, in milliseconds.
    public static let maxLockMillis: Int64 = 300_000
    /// How long a key is remembered after its last failure once its lock ended (see ``prune(now:)``).
    public static let memoryMillis: Int64 = 15 * 60_000
    /// The name failures of session tokens (which name nobody) are counted under; no username can be it.
    public static let tokenName = "(session token)"

    private struct Entry: Sendable {
        var failures = 0
        var lockedUntil: Int64 = 0
        var lastFailure: Int64 = 0
    }

    private var entries: [String: Entry] = [:]

    /// Creates an empty throttle.
    public init() {}

    /// Milliseconds `name` must still wait at `now` before trying from `address`, or nil when it may try.
    public func remainingLock(name: String, address: String, now: Int64) -> Int64? {
        let until = Self.keys(name, address).map { entries[$0]?.lockedUntil ?? 0 }.max() ?? 0
        return until > now ? until - now : nil
    }

    /// Records a failed attempt at `now`; locks the name at the address once either count reaches its allowance.
    public mutating func recordFailure(name: String, address: String, now: Int64) {
        let keys = Self.keys(name, address)
        for (index, key) in keys.enumerated() {
            var entry = entries[key] ?? Entry()
            entry.failures += 1
            entry.lastFailure = now
            let free = index == 0 ? Self.freeFailures : Self.freePrefixFailures
            if entry.failures >= free {
                let doublings = min(entry.failures - free, 20)
                entry.lockedUntil = now + min(Self.baseLockMillis << Int64(doublings), Self.maxLockMillis)
            }
            entries[key] = entry
        }
    }

    /// Records a successful login: the counts for the name at the address and its prefix start again.
    public mutating func recordSuccess(name: String, address: String) {
        for key in Self.keys(name, address) { entries[key] = nil }
    }

    /// Forgets keys whose lock has ended and whose last failure is older than ``memoryMillis``, so the throttle
    /// holds only what failed recently.
    public mutating func prune(now: Int64) {
        entries = entries.filter { $0.value.lockedUntil > now || now - $0.value.lastFailure < Self.memoryMillis }
    }

    /// How many keys are remembered.
    public var count: Int { entries.count }

    private static func keys(_ name: String, _ address: String) -> [String] {
        let prefix = AddressPrefix.of(address)
        return prefix == address ? ["\(name)@\(address)"] : ["\(name)@\(address)", "\(name)@\(prefix)"]
    }
}
