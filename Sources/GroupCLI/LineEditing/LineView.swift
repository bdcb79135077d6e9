// LineView: which part of a long input line is on screen, and where the cursor is. Pure.

/// The input line as drawn on one terminal row: when it is wider than the window it scrolls horizontally,
/// keeping the cursor visible and moving the view as little as possible. The last column is never used, so
/// the terminal never wraps the row.
public struct LineView: Equatable, Sendable {
    /// The first character shown.
    public private(set) var offset = 0

    /// Creates a view scrolled to the start.
    public init() {}

    /// What to draw after the prompt.
    public struct Frame: Equatable, Sendable {
        /// The characters that fit.
        public var visible: String
        /// The cursor's column, counting the prompt (0 = first column).
        public var cursorColumn: Int
        /// Whether the cursor sits right after the last character drawn (no repositioning needed).
        public var cursorAtEnd: Bool

        /// Creates a frame.
        public init(visible: String, cursorColumn: Int, cursorAtEnd: Bool) {
            self.visible = visible
            self.cursorColumn = cursorColumn
            self.cursorAtEnd = cursorAtEnd
        }
    }

    /// Lays out `buffer` after a prompt `promptWidth` columns wide in a window `columns` wide, updating the
    /// scroll offset.
    public mutating func layout(_ buffer: EditBuffer, promptWidth: Int, columns: Int) -> Frame {
        let characters = buffer.characters
        let cursor = buffer.cursor
        let room = max(1, columns - 1 - promptWidth)
        offset = min(offset, characters.count)
        if cursor < offset { offset = max(0, cursor - room / 4) }
        // The text before the cursor, from the offset, must fit in the room (the cursor takes the column after it).
        while offset < cursor, DisplayWidth.of(characters[offset..<cursor]) > room - 1 { offset += 1 }
        // Scroll back when the text got shorter and more of it fits (after a deletion or a wider window).
        while offset > 0, DisplayWidth.of(characters[(offset - 1)...]) <= room - 1 { offset -= 1 }
        var used = 0
        var end = offset
        while end < characters.count {
            let width = DisplayWidth.of(characters[end])
            if used + width > room { break }
            used += width
            end += 1
        }
        let cursorColumn = promptWidth + DisplayWidth.of(characters[offset..<cursor])
        return Frame(visible: String(characters[offset..<end]), cursorColumn: cursorColumn, cursorAtEnd: cursor == end)
    }
}
