// UTCTime: milliseconds since the epoch <-> "2026-11-22T17:20:00.123Z".
import Glibc

/// ISO 8601 UTC timestamps with milliseconds, as written in every data file.
public enum UTCTime {
    /// Formats milliseconds since the Unix epoch. The corresponding C function is `gmtime_r`.
    public static func format(_ millis: Int64) -> String {
        let wholeSeconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000  // rounded down
        let fraction = millis - wholeSeconds * 1000
        var seconds = time_t(wholeSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(fraction), 3))Z"
    }

    /// Parses what ``format(_:)`` writes. The corresponding C function is `timegm`.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[10] == 0x54, bytes[19] == 0x2E, bytes[23] == 0x5A else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let millis = number(20..<23)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int64(timegm(&parts)) * 1000 + Int64(millis)
    }

    /// The current time in milliseconds since the Unix epoch. The corresponding C function is `clock_gettime`.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
