// AcceptPause: when the process runs out of descriptors, stop accepting for a moment instead of spinning
// on a listener that stays readable, and say so at most every ten seconds.
import GroupPosix

/// The accept back-off shared by the engines' accept paths.
struct AcceptPause {
    /// How long accepting pauses after EMFILE/ENFILE.
    static let pauseMillis: Int64 = 100
    private var until: Int64 = 0
    private var loggedAt: Int64 = -10_000

    /// Whether accepting is paused now.
    var isPaused: Bool { MonotonicClock.millis() < until }

    /// Milliseconds until accepting resumes (0 when not paused).
    var remainingMillis: Int64 { max(0, until - MonotonicClock.millis()) }

    /// Pauses accepting; returns true when the owner should be told (at most every ten seconds).
    mutating func pause() -> Bool {
        let now = MonotonicClock.millis()
        until = now + Self.pauseMillis
        guard now - loggedAt >= 10_000 else { return false }
        loggedAt = now
        return true
    }
}
