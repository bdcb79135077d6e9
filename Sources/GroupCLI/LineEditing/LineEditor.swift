// LineEditor: the member's input line in raw mode — keys in, edits and finished lines out. Pure.

/// Turns key bytes into edits of the input line and finished lines, and draws the line. It does no I/O:
/// the chat loop feeds it what was read and writes the bytes it returns.
///
/// Keys: Left/Right (Ctrl-B/F), Home/End (Ctrl-A/E, and every common escape sequence), Backspace, Delete
/// (Ctrl-D on a non-empty line), Ctrl-U (delete to the start), Ctrl-K (to the end), Ctrl-W (the word before
/// the cursor), Ctrl-L (clear the screen and redraw), Up/Down (Ctrl-P/N: this session's lines), Tab
/// (complete a member name or a command), Enter, Ctrl-D on an empty line (end), Ctrl-C (quit).
public struct LineEditor: Sendable {
    /// What a key did.
    public enum Outcome: Equatable, Sendable {
        /// The line changed (or the cursor moved); redraw it.
        case edited
        /// Enter: the finished line.
        case submitted(String)
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-C.
        case interrupt
        /// Ctrl-L: clear the screen, then redraw.
        case clearScreen
        /// Tab found several completions and could add nothing: show them.
        case candidates([String])
        /// The key could do nothing (Backspace at the start, Tab with no match): ring the bell.
        case bell
    }

    /// The prompt in front of the line.
    public var prompt: String
    /// The line being edited.
    public private(set) var buffer = EditBuffer()
    /// The terminal's width in columns.
    public var columns = 80
    /// Member names that Tab completes (the chat keeps it up to date from /who and presence).
    public var names: [String] = []
    /// Command words (without the slash) that Tab completes at the start of the line.
    public var commands: [String] = []
    /// Per command word, what Tab completes as its whole argument (the shared files after `download`).
    public var arguments: [String: [String]] = [:]
    private var decoder = KeyDecoder()
    private var history = InputHistory()
    private var view = LineView()

    /// Creates an editor.
    public init(prompt: String = "> ") { self.prompt = prompt }

    /// The text typed so far.
    public var line: String { buffer.text }

    /// Feeds bytes read from the terminal; returns what they did, in order.
    public mutating func feed<C: Collection>(_ bytes: C) -> [Outcome] where C.Element == UInt8 {
        var outcomes: [Outcome] = []
        var typed = ""
        for key in decoder.feed(bytes) {
            if case .text(let scalar) = key {
                typed.unicodeScalars.append(scalar)
                continue
            }
            if !typed.isEmpty {
                buffer.insert(typed)
                typed = ""
                outcomes.append(.edited)
            }
            if let outcome = apply(key) { outcomes.append(outcome) }
        }
        if !typed.isEmpty {
            buffer.insert(typed)
            outcomes.append(.edited)
        }
        return outcomes
    }

    private mutating func apply(_ key: Key) -> Outcome? {
        switch key {
        case .text(let scalar):
            buffer.insert(String(scalar))
            return .edited
        case .enter:
            let text = buffer.text
            history.record(text)
            buffer = EditBuffer()
            view = LineView()
            return .submitted(text)
        case .backspace: return buffer.deleteBackward() ? .edited : .bell
        case .delete: return buffer.deleteForward() ? .edited : .bell
        case .left: buffer.moveLeft(); return .edited
        case .right: buffer.moveRight(); return .edited
        case .home: buffer.moveHome(); return .edited
        case .end: buffer.moveEnd(); return .edited
        case .up:
            guard let older = history.older(than: buffer.text) else { return .bell }
            buffer.replaceAll(with: older)
            return .edited
        case .down:
            guard let newer = history.newer() else { return .bell }
            buffer.replaceAll(with: newer)
            return .edited
        case .tab:
            let found = Completion.complete(
                buffer.characters, cursor: buffer.cursor, names: names, commands: commands, arguments: arguments)
            if let (range, text) = found.replacement {
                buffer.replace(range, with: text)
                return .edited
            }
            return found.candidates.isEmpty ? .bell : .candidates(found.candidates)
        case .control("d"):
            if buffer.isEmpty { return .endOfInput }
            return buffer.deleteForward() ? .edited : .bell
        case .control("c"): return .interrupt
        case .control("u"): buffer.deleteToStart(); return .edited
        case .control("k"): buffer.deleteToEnd(); return .edited
        case .control("w"): buffer.deleteWordBackward(); return .edited
        case .control("l"): return .clearScreen
        case .control, .unknown: return nil
        }
    }

    /// The bytes that clear the terminal row and draw the prompt and the visible part of the line, leaving
    /// the cursor where it belongs.
    public mutating func redraw() -> [UInt8] {
        let frame = view.layout(buffer, promptWidth: DisplayWidth.of(prompt), columns: columns)
        var text = "\r\u{1B}[K" + prompt + frame.visible
        if !frame.cursorAtEnd {
            text += "\r" + (frame.cursorColumn > 0 ? "\u{1B}[\(frame.cursorColumn)C" : "")
        }
        return Array(text.utf8)
    }

    /// The bytes that clear the terminal row (before printing a message above the input).
    public static let clearLine: [UInt8] = Array("\r\u{1B}[K".utf8)

    /// The bytes that clear the whole screen and put the cursor at the top (Ctrl-L).
    public static let clearScreen: [UInt8] = Array("\u{1B}[H\u{1B}[2J".utf8)
}
