// MonotonicClock: milliseconds that never jump, for deadlines and latencies.
import Glibc

/// A monotonic clock. The corresponding C function is `clock_gettime(CLOCK_MONOTONIC)`.
public enum MonotonicClock {
    /// Milliseconds since an arbitrary fixed point.
    public static func millis() -> Int64 { nanos() / 1_000_000 }

    /// Nanoseconds since an arbitrary fixed point.
    public static func nanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
