// LineBuffer: the text being typed and the cursor in it — every editing operation of a line editor, pure.

/// An editable line: characters and a cursor between them (0 = before the first). Pure; the caller draws it.
public struct LineBuffer: Equatable, Sendable {
    /// The characters typed so far.
    public private(set) var characters: [Character]
    /// Where the cursor is: the number of characters before it.
    public private(set) var cursor: Int

    /// Creates a buffer holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The line as a string.
    public var text: String { String(characters) }
    /// Whether nothing is typed.
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts `text` at the cursor and moves the cursor after it.
    public mutating func insert(_ text: String) {
        let added = Array(text)
        characters.insert(contentsOf: added, at: cursor)
        cursor += added.count
    }

    /// Deletes the character before the cursor; returns whether there was one.
    @discardableResult
    public mutating func backspace() -> Bool {
        guard cursor > 0 else { return false }
        cursor -= 1
        characters.remove(at: cursor)
        return true
    }

    /// Deletes the character under the cursor; returns whether there was one.
    @discardableResult
    public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    /// Moves the cursor one character left.
    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    /// Moves the cursor one character right.
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    /// Moves the cursor to the start of the line.
    public mutating func moveHome() { cursor = 0 }
    /// Moves the cursor to the end of the line.
    public mutating func moveEnd() { cursor = characters.count }

    /// Deletes everything before the cursor (Ctrl-U).
    public mutating func killToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Deletes everything from the cursor on (Ctrl-K).
    public mutating func killToEnd() { characters.removeSubrange(cursor...) }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && characters[start - 1] == " " { start -= 1 }
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Replaces the whole line, the cursor at its end.
    public mutating func replace(with text: String) { self = LineBuffer(text) }

    /// The word the cursor ends (from the space before it), and where it starts.
    public var wordBeforeCursor: (word: String, start: Int) {
        var start = cursor
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        return (String(characters[start..<cursor]), start)
    }

    /// Replaces the characters from `start` to the cursor with `text`, the cursor after it.
    public mutating func replaceBeforeCursor(from start: Int, with text: String) {
        let added = Array(text)
        characters.replaceSubrange(start..<cursor, with: added)
        cursor = start + added.count
    }

    /// The part of the line that fits `width` columns with the cursor visible, and the cursor's column in
    /// it. One character counts as one column (wide characters are not measured).
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        let width = max(1, width)
        guard characters.count >= width else { return (text, cursor) }
        let first = max(0, min(cursor - width + 1, characters.count - width + 1))
        let last = min(characters.count, first + width - 1)
        return (String(characters[first..<last]), cursor - first)
    }
}
