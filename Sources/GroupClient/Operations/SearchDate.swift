// SearchDate: the dates `groupctl search --since/--until` accept — a day, a day and a time (local time), or how
// long ago.
import GroupPosix
import GroupWire

/// Reads a point in time as people type it.
public enum SearchDate {
    /// `2026-11-22` (local midnight), `2026-11-22 17:30` or `2026-11-22T17:30[:05]` (local time), `today`,
    /// `yesterday`, or a duration ago: `30m`, `2h`, `7d`.
    /// - Parameter now: The current time (milliseconds since the epoch).
    /// - Returns: Milliseconds since the epoch, or a sentence saying what is wrong.
    public static func parse(_ text: String, now: Int64) -> Result<Int64, SearchDateError> {
        let trimmed = text.trimmingCharacters(in: " ")
        let midnight = { (millis: Int64) -> Int64? in
            let day = LocalTime.dateAndClock(millis).prefix(10)
            return parse(day: String(day), time: nil)
        }
        switch trimmed.lowercased() {
        case "today": if let start = midnight(now) { return .success(start) }
        case "yesterday": if let start = midnight(now - 86_400_000) { return .success(start) }
        default: break
        }
        if DurationText.looksLikeDuration(trimmed), trimmed.last?.isLetter == true {
            switch DurationText.parse(trimmed) {
            case .success(let seconds): return .success(now - Int64(seconds) * 1000)
            case .failure(let error): return .failure(SearchDateError(message: error.message))
            }
        }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        if (1...2).contains(parts.count), let millis = parse(day: parts[0], time: parts.count == 2 ? parts[1] : nil) {
            return .success(millis)
        }
        return .failure(SearchDateError(message:
            "'\(text)' is not a date; use 2026-11-22, '2026-11-22 17:30', today, yesterday or a time ago like 2h or 7d"))
    }

    /// `YYYY-MM-DD` and an optional `HH:MM[:SS]`, local time.
    private static func parse(day: String, time: String?) -> Int64? {
        let date = day.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard date.count == 3, day.count == 10, let year = date[0], let month = date[1], let dayOfMonth = date[2] else { return nil }
        var clock: [Int] = [0, 0, 0]
        if let time {
            let fields = time.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(fields.count), fields.allSatisfy({ $0 != nil }) else { return nil }
            for (index, value) in fields.enumerated() { clock[index] = value! }
        }
        return LocalTime.millis(year: year, month: month, day: dayOfMonth, hour: clock[0], minute: clock[1], second: clock[2])
    }
}

/// Why a date could not be read.
public struct SearchDateError: Error, Equatable, Sendable {
    /// A sentence saying what is wrong and what works.
    public let message: String
}
