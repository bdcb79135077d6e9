// LocalTime: wall-clock time of day in the local time zone, for what people read on screen.
import Glibc

/// Formats times for display. The corresponding C function is `localtime_r`.
public enum LocalTime {
    /// `HH:MM`, or `HH:MM:SS` with `seconds`, for milliseconds since the Unix epoch.
    public static func clock(_ millis: Int64, seconds withSeconds: Bool = false) -> String {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)  // rounded down
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let minutes = "\(two(parts.tm_hour)):\(two(parts.tm_min))"
        return withSeconds ? minutes + ":\(two(parts.tm_sec))" : minutes
    }

    /// `YYYY-MM-DD HH:MM` in the local time zone, for milliseconds since the Unix epoch.
    public static func dateAndClock(_ millis: Int64) -> String {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    /// Milliseconds since the Unix epoch of a wall-clock time in the local time zone; nil when the parts are out
    /// of range. The corresponding C function is `mktime`.
    public static func millis(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64? {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        guard seconds != -1, parts.tm_mday == Int32(day) else { return nil }  // 31 February rolls over: refused
        return Int64(seconds) * 1000
    }

    /// The current wall-clock time in milliseconds since the Unix epoch. The corresponding C function is
    /// `clock_gettime`.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
