// LineEditor: the member's input line in raw mode, so incoming messages print above it without garbling it.

/// A minimal line editor: printable text, Backspace, Ctrl-U, Enter, Ctrl-D; escape sequences are ignored.
/// Pure: it turns key bytes into finished lines and reports what to redraw.
public struct LineEditor: Sendable {
    /// What a key did.
    public enum Outcome: Equatable, Sendable {
        /// The line changed; redraw it.
        case edited
        /// Enter: the finished line.
        case submitted(String)
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    /// The prompt in front of the line.
    public let prompt: String
    /// The bytes typed so far (UTF-8).
    public private(set) var line: [UInt8] = []
    private var escape = 0

    /// Creates an editor.
    public init(prompt: String = "> ") { self.prompt = prompt }

    /// Feeds one byte.
    public mutating func feed(_ byte: UInt8) -> Outcome? {
        if escape > 0 {
            // ESC [ ... final byte (0x40-0x7E); ESC x is two bytes.
            if escape == 1 && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "O") { escape = 0; return nil }
            if escape >= 2 && (0x40...0x7E).contains(byte) { escape = 0; return nil }
            escape += 1
            return nil
        }
        switch byte {
        case 0x1B: escape = 1; return nil
        case 0x0A, 0x0D:
            let text = String(decoding: line, as: UTF8.self)
            line.removeAll()
            return .submitted(text)
        case 0x04: return line.isEmpty ? .endOfInput : nil
        case 0x7F, 0x08:
            while let last = line.popLast(), last & 0xC0 == 0x80 {}
            return .edited
        case 0x15: line.removeAll(); return .edited
        case 0x00..<0x20: return nil
        default:
            line.append(byte)
            return .edited
        }
    }

    /// The bytes that clear the terminal line and draw the prompt and the text typed so far.
    public var redraw: [UInt8] { Array("\r\u{1B}[K\(prompt)".utf8) + line }

    /// The bytes that clear the terminal line (before printing a message above the input).
    public static let clearLine: [UInt8] = Array("\r\u{1B}[K".utf8)
}
