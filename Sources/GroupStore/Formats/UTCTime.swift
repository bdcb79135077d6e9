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
        // Written digit by digit into one small buffer: this runs for every message saved.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var end = 0
            func put(_ value: Int, width: Int, then separator: UInt8?) {
                var value = value
                if value < 0 {
                    buffer[end] = UInt8(ascii: "-")
                    end += 1
                    value = -value
                }
                var digits = 1
                var limit = 10
                while value >= limit && digits < 19 {
                    digits += 1
                    limit &*= 10
                }
                let count = max(width, digits)
                for position in stride(from: end + count - 1, through: end, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                end += count
                if let separator {
                    buffer[end] = separator
                    end += 1
                }
            }
            put(Int(parts.tm_year) + 1900, width: 4, then: UInt8(ascii: "-"))
            put(Int(parts.tm_mon) + 1, width: 2, then: UInt8(ascii: "-"))
            put(Int(parts.tm_mday), width: 2, then: UInt8(ascii: "T"))
            put(Int(parts.tm_hour), width: 2, then: UInt8(ascii: ":"))
            put(Int(parts.tm_min), width: 2, then: UInt8(ascii: ":"))
            put(Int(parts.tm_sec), width: 2, then: UInt8(ascii: "."))
            put(Int(fraction), width: 3, then: UInt8(ascii: "Z"))
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<end]), as: UTF8.self)
        }
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
