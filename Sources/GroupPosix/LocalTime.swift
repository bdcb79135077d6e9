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
}
