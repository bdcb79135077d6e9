// InteractiveLine: a whole line editor — key decoding, the editing buffer, history and Tab — minus drawing.

/// The line a person types at a prompt in raw mode: feed it the bytes read from the terminal and draw what
/// it reports. Pure; the caller owns the terminal.
public struct InteractiveLine: Sendable {
    /// What the bytes fed did, in order.
    public enum Outcome: Equatable, Sendable {
        /// The line or the cursor changed: redraw the prompt line.
        case edited
        /// Enter: the finished line (already added to the history).
        case submitted(String)
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-L: redraw the whole screen.
        case redrawScreen
        /// Tab matched several choices and could add nothing: show them.
        case candidates([String])
    }

    /// The line being typed.
    public private(set) var buffer = LineBuffer()
    /// The lines typed before.
    public private(set) var history = LineHistory()
    private var decoder = KeyDecoder()

    /// Creates an empty editor.
    public init() {}

    /// Feeds bytes read from the terminal.
    /// - Parameters:
    ///   - bytes: What was read.
    ///   - complete: What Tab does with the current line (see ``TabCompletion``).
    /// - Returns: What happened, in order (several edits in one read are reported once each).
    public mutating func feed(_ bytes: some Sequence<UInt8>, complete: (LineBuffer) -> TabCompletion.Result) -> [Outcome] {
        var outcomes: [Outcome] = []
        for key in decoder.feed(bytes) {
            if let outcome = apply(key, complete: complete) { outcomes.append(outcome) }
        }
        return outcomes
    }

    /// Applies one key; nil when it changed nothing.
    public mutating func apply(_ key: Key, complete: (LineBuffer) -> TabCompletion.Result) -> Outcome? {
        let before = buffer
        switch key {
        case .text(let text): buffer.insert(text)
        case .enter:
            let line = buffer.text
            history.add(line)
            buffer = LineBuffer()
            return .submitted(line)
        case .backspace: buffer.backspace()
        case .delete: buffer.deleteForward()
        case .endOfInput:
            if buffer.isEmpty { return .endOfInput }
            buffer.deleteForward()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .home: buffer.moveHome()
        case .end: buffer.moveEnd()
        case .up: if let entry = history.previous(current: buffer.text) { buffer.replace(with: entry) }
        case .down: if let entry = history.next() { buffer.replace(with: entry) }
        case .killToStart: buffer.killToStart()
        case .killToEnd: buffer.killToEnd()
        case .deleteWord: buffer.deleteWordBackward()
        case .redraw: return .redrawScreen
        case .tab:
            let result = complete(buffer)
            if !result.candidates.isEmpty { return .candidates(result.candidates) }
            buffer = result.buffer
        }
        return buffer == before ? nil : .edited
    }
}
