// EditBuffer: the text being typed and the cursor, edited by characters (grapheme clusters). Pure.

/// The input line. Positions count `Character`s, so the cursor never lands inside an accented letter, a
/// flag or a family emoji, and Backspace removes what the eye sees as one character.
public struct EditBuffer: Equatable, Sendable {
    /// The characters typed.
    public private(set) var characters: [Character] = []
    /// The cursor: the number of characters before it (0…count).
    public private(set) var cursor = 0

    /// Creates a buffer holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The whole line.
    public var text: String { String(characters) }
    /// Whether nothing is typed.
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts `text` at the cursor and moves the cursor after it. A combining mark typed after a letter
    /// joins that letter, as it does on screen.
    public mutating func insert(_ text: String) {
        let before = String(characters[..<cursor]) + text
        let after = String(characters[cursor...])
        characters = Array(before + after)
        cursor = min(before.count, characters.count)
    }

    /// Replaces the whole line (history recall), the cursor at the end.
    public mutating func replaceAll(with text: String) { self = EditBuffer(text) }

    /// Replaces the characters in `range` with `text`, the cursor after the replacement (completion).
    public mutating func replace(_ range: Range<Int>, with text: String) {
        let before = String(characters[..<range.lowerBound]) + text
        let after = String(characters[range.upperBound...])
        characters = Array(before + after)
        cursor = min(before.count, characters.count)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Removes the character before the cursor. Returns false when there is none.
    @discardableResult
    public mutating func deleteBackward() -> Bool {
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    /// Removes the character under the cursor. Returns false when there is none.
    @discardableResult
    public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    /// Ctrl-U: removes everything before the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: removes everything from the cursor on.
    public mutating func deleteToEnd() { characters.removeSubrange(cursor...) }

    /// Ctrl-W: removes the word before the cursor and the spaces after it.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }
}

/// The lines sent in this session, for Up and Down. Pure.
public struct InputHistory: Equatable, Sendable {
    /// At most this many lines are kept.
    public static let capacity = 500
    /// The lines, oldest first.
    public private(set) var entries: [String] = []
    /// The entry shown (entries.count: the line being written, not from history).
    private var position = 0
    private var draft = ""

    /// Creates an empty history.
    public init() {}

    /// Records a sent line (not blank, and not the same as the previous one); recall starts again at the end.
    public mutating func record(_ line: String) {
        if !line.allSatisfy(\.isWhitespace) && entries.last != line {
            entries.append(line)
            if entries.count > Self.capacity { entries.removeFirst() }
        }
        position = entries.count
        draft = ""
    }

    /// Up: the previous line, keeping `current` as the draft when leaving it; nil at the oldest.
    public mutating func older(than current: String) -> String? {
        guard position > 0 else { return nil }
        if position == entries.count { draft = current }
        position -= 1
        return entries[position]
    }

    /// Down: the next line, or the draft after the newest; nil when already at the draft.
    public mutating func newer() -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? draft : entries[position]
    }
}
