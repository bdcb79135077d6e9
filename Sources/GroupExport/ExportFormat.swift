// ExportFormat: the formats an export is written in, and what its heading says.

/// How an export is written.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// One line a message: `[2026-11-22 17:32:47] #42 alice: hello` (UTC); further lines of a text indented.
    case text
    /// One JSON object: the heading's fields and `messages`, an array of `{seq, time, kind, sender, recipient, text}`.
    case json
    /// A standalone web page (no scripts, no outside resources): a heading and one list item a message.
    case html
}

/// What an export says about itself.
public struct ExportHeading: Equatable, Sendable {
    /// The group's name.
    public var group: String
    /// Who exported it (a member's name, or the owner's).
    public var exportedBy: String
    /// Whose view it is: `everything` (the owner's export) or `what NAME may see`.
    public var scope: String
    /// When, in milliseconds since the epoch.
    public var exportedAt: Int64

    /// Creates a heading.
    public init(group: String, exportedBy: String, scope: String, exportedAt: Int64) {
        self.group = group
        self.exportedBy = exportedBy
        self.scope = scope
        self.exportedAt = exportedAt
    }
}

/// Milliseconds since the epoch as UTC text, without the C library (the export module is pure).
public enum ExportTime {
    /// `2026-11-22T17:32:47.007Z`.
    public static func iso(_ millis: Int64) -> String {
        let (date, clock, fraction) = parts(millis)
        return "\(date)T\(clock).\(pad(fraction, 3))Z"
    }

    /// `2026-11-22 17:32:47`.
    public static func plain(_ millis: Int64) -> String {
        let (date, clock, _) = parts(millis)
        return "\(date) \(clock)"
    }

    private static func parts(_ millis: Int64) -> (String, String, Int64) {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = millis - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        let clock = "\(pad(inDay / 3600, 2)):\(pad(inDay / 60 % 60, 2)):\(pad(inDay % 60, 2))"
        return (date, clock, fraction)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
