// DurationText: durations as people type them (`30s`, `30m`, `2h`, `1d`) and as they are shown back.

/// Reads and writes the short durations of `/ban NAME 2h` and `/mute NAME 30m`. On the wire a duration
/// travels as whole seconds; this is only the human form, shared by the owner's prompt and the chat.
public enum DurationText {
    /// The longest duration accepted: 365 days.
    public static let maxSeconds: UInt64 = 365 * 86_400

    private static let units: [(suffix: Character, seconds: UInt64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Whether `word` is meant as a duration: it starts with a digit.
    public static func looksLikeDuration(_ word: String) -> Bool { word.first?.isASCII == true && word.first?.isNumber == true }

    /// Parses a number followed by one unit: `s`, `m`, `h` or `d` (`90m`, `2h`, `1d`).
    /// - Returns: The seconds, or a sentence saying what is wrong.
    public static func parse(_ word: String) -> Result<UInt64, DurationError> {
        let text = word.lowercased()
        guard let last = text.last, let unit = units.first(where: { $0.suffix == last }),
            let count = UInt64(text.dropLast()), count > 0
        else {
            return .failure(DurationError(message:
                "'\(word)' is not a duration; use a number and a unit (s, m, h or d), like 30m, 2h or 1d"))
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit.seconds)
        guard !overflow, seconds <= maxSeconds else {
            return .failure(DurationError(message: "'\(word)' is too long; a duration is at most 365d"))
        }
        return .success(seconds)
    }

    /// A duration for people, in its two largest units: `2h`, `1d 3h`, `59m 30s`, `5s`.
    public static func describe(seconds: UInt64) -> String {
        var rest = seconds
        var parts: [String] = []
        for unit in units {
            let count = rest / unit.seconds
            rest %= unit.seconds
            if count > 0 {
                parts.append("\(count)\(unit.suffix)")
            } else if !parts.isEmpty {
                break
            }
            if parts.count == 2 { break }
        }
        return parts.isEmpty ? "0s" : parts.joined(separator: " ")
    }

    /// The time left until `until` at `now` (both in milliseconds), rounded up to whole seconds.
    public static func describe(untilMillis until: Int64, nowMillis now: Int64) -> String {
        describe(seconds: UInt64(max(0, (until - now + 999) / 1000)))
    }
}

/// Why a duration could not be read.
public struct DurationError: Error, Equatable, Sendable {
    /// A sentence for people.
    public let message: String

    /// Creates an error.
    public init(message: String) { self.message = message }
}
