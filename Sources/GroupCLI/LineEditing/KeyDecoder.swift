// KeyDecoder: bytes typed on a raw-mode terminal -> keys (text, cursor keys, Home/End, editing controls).

/// One key press, as a line editor sees it.
public enum Key: Equatable, Sendable {
    /// Printable text (one or more characters typed or pasted together).
    case text(String)
    /// Enter (CR, LF, or CR LF counted once).
    case enter
    /// Backspace (DEL or Ctrl-H): delete the character before the cursor.
    case backspace
    /// Delete (`ESC [ 3 ~`): delete the character under the cursor.
    case delete
    /// Ctrl-D: the end of input on an empty line, else Delete.
    case endOfInput
    /// Left arrow or Ctrl-B.
    case left
    /// Right arrow or Ctrl-F.
    case right
    /// Up arrow or Ctrl-P: the previous history entry.
    case up
    /// Down arrow or Ctrl-N: the next history entry.
    case down
    /// Home or Ctrl-A.
    case home
    /// End or Ctrl-E.
    case end
    /// Tab: complete the word before the cursor.
    case tab
    /// Ctrl-U: delete from the start of the line to the cursor.
    case killToStart
    /// Ctrl-K: delete from the cursor to the end of the line.
    case killToEnd
    /// Ctrl-W: delete the word before the cursor.
    case deleteWord
    /// Ctrl-L: redraw the screen.
    case redraw
}

/// Turns the bytes of a terminal in raw mode into ``Key``s. Pure and incremental: a UTF-8 character or an
/// escape sequence split across reads is completed by the next ``feed(_:)``. Unknown escape sequences and
/// other control bytes are dropped, so they can never reach the screen or a command.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    private var afterCarriageReturn = false

    /// Creates a decoder.
    public init() {}

    /// Adds bytes and returns the keys they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = decode(at: index) else { break }  // incomplete: wait for more bytes
            index += length
            guard let key else { continue }
            if case .text(let more) = key, case .text(let before)? = keys.last {
                keys[keys.count - 1] = .text(before + more)
            } else {
                keys.append(key)
            }
        }
        pending.removeFirst(index)
        return keys
    }

    /// The key at `index` and how many bytes it takes; a nil key for bytes that are dropped; nil when the
    /// bytes end in the middle of a sequence.
    private mutating func decode(at index: Int) -> (Key?, Int)? {
        let byte = pending[index]
        let wasCarriageReturn = afterCarriageReturn
        afterCarriageReturn = byte == 0x0D
        switch byte {
        case 0x1B: return escape(at: index)
        case 0x0D: return (.enter, 1)
        case 0x0A: return (wasCarriageReturn ? nil : .enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x01: return (.home, 1)
        case 0x05: return (.end, 1)
        case 0x02: return (.left, 1)
        case 0x06: return (.right, 1)
        case 0x10: return (.up, 1)
        case 0x0E: return (.down, 1)
        case 0x04: return (.endOfInput, 1)
        case 0x15: return (.killToStart, 1)
        case 0x0B: return (.killToEnd, 1)
        case 0x17: return (.deleteWord, 1)
        case 0x0C: return (.redraw, 1)
        case 0x00..<0x20: return (nil, 1)
        default: return utf8(at: index)
        }
    }

    private func utf8(at index: Int) -> (Key?, Int)? {
        let lead = pending[index]
        let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
        guard length > 0 else { return (nil, 1) }  // a stray continuation byte or an invalid lead
        for offset in 1..<max(1, length) {
            guard index + offset < pending.count else { return nil }
            guard pending[index + offset] & 0xC0 == 0x80 else { return (nil, offset) }
        }
        let scalars = String(decoding: pending[index..<(index + length)], as: UTF8.self)
        guard scalars.unicodeScalars.allSatisfy({ !(0x80..<0xA0).contains($0.value) && $0 != "\u{FFFD}" }) else {
            return (nil, length)
        }
        return (.text(scalars), length)
    }

    /// `ESC [ params final` (CSI) or `ESC O final` (SS3); `ESC` and any other byte is dropped (Alt-key).
    private func escape(at index: Int) -> (Key?, Int)? {
        guard index + 1 < pending.count else { return nil }
        let kind = pending[index + 1]
        if kind == UInt8(ascii: "O") {
            guard index + 2 < pending.count else { return nil }
            return (Self.final(pending[index + 2], parameter: ""), 3)
        }
        guard kind == UInt8(ascii: "[") else { return (nil, 1) }
        var end = index + 2
        while end < pending.count {
            let byte = pending[end]
            if (0x40...0x7E).contains(byte) {
                let parameter = String(decoding: pending[(index + 2)..<end], as: UTF8.self)
                return (Self.final(byte, parameter: parameter), end - index + 1)
            }
            guard (0x20...0x3F).contains(byte) else { return (nil, end - index) }  // malformed: drop what came
            end += 1
        }
        return nil
    }

    private static func final(_ byte: UInt8, parameter: String) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameter {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return nil
            }
        default: return nil
        }
    }
}
