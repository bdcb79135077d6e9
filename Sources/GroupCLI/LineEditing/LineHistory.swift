// LineHistory: the lines typed before, browsed with Up and Down; the line being typed is kept as a draft.

/// Earlier lines, oldest first. Browsing starts after the newest entry; Down past the newest brings back the
/// draft that was being typed when browsing began. Pure.
public struct LineHistory: Equatable, Sendable {
    /// The remembered lines, oldest first.
    public private(set) var entries: [String] = []
    /// How many lines are kept.
    public let limit: Int
    private var position: Int?
    private var draft = ""

    /// Creates an empty history keeping up to `limit` lines.
    public init(limit: Int = 500) { self.limit = limit }

    /// Remembers a submitted line (blank lines and a repeat of the newest are skipped) and stops browsing.
    public mutating func add(_ line: String) {
        position = nil
        guard !line.allSatisfy({ $0 == " " }), entries.last != line else { return }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// The entry before the one shown (Up), or nil at the oldest. `current` is saved as the draft when
    /// browsing starts.
    public mutating func previous(current: String) -> String? {
        let index = (position ?? entries.count) - 1
        guard index >= 0 else { return nil }
        if position == nil { draft = current }
        position = index
        return entries[index]
    }

    /// The entry after the one shown (Down); past the newest, the draft; nil when not browsing.
    public mutating func next() -> String? {
        guard let shown = position else { return nil }
        if shown + 1 < entries.count {
            position = shown + 1
            return entries[shown + 1]
        }
        position = nil
        return draft
    }
}
