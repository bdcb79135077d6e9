// Ticker: the once-a-second `.tick` every engine feeds the core (deadlines, keep-alive pings).
import GroupPosix

/// When the next tick is due. Engines use ``millisUntilDue`` as (an upper bound of) their poll timeout
/// and call ``takeIfDue()`` after each wake-up.
struct Ticker {
    /// Milliseconds between ticks.
    static let intervalMillis: Int64 = 1000
    private var last = MonotonicClock.millis()

    /// Milliseconds until the next tick (0 when it is due).
    var millisUntilDue: Int32 { Int32(max(0, last + Self.intervalMillis - MonotonicClock.millis())) }

    /// Whether a tick is due; if so, the next one is counted from now.
    mutating func takeIfDue() -> Bool {
        let now = MonotonicClock.millis()
        guard now - last >= Self.intervalMillis else { return false }
        last = now
        return true
    }
}
