// KeyDecoder: the bytes a terminal sends for keys -> key events, across reads that split them. Pure.
// Shared by groupctl's chat and groupd's owner window (through ``LineEditor``).

/// One key press, as the line editor sees it.
public enum Key: Equatable, Sendable {
    /// Text typed (one Unicode scalar; the editor groups scalars into characters).
    case text(Unicode.Scalar)
    /// Enter (CR or LF; CR LF counts once).
    case enter
    /// Backspace (DEL 0x7F or BS 0x08).
    case backspace
    /// Delete (`ESC [ 3 ~`); Ctrl-D on a non-empty line too.
    case delete
    case left, right, up, down
    /// Home: `ESC [ H`, `ESC [ 1 ~`, `ESC [ 7 ~`, `ESC O H`, or Ctrl-A.
    case home
    /// End: `ESC [ F`, `ESC [ 4 ~`, `ESC [ 8 ~`, `ESC O F`, or Ctrl-E.
    case end
    case tab
    /// Ctrl and a letter (lowercase), for the ones that have no key of their own: `d`, `l`, `u`, `w`, `k`, …
    case control(Character)
    /// A sequence the editor does not use (function keys, Alt+letter, mouse); ignored.
    case unknown
}

/// Decodes key bytes incrementally: an escape sequence or a UTF-8 character cut between two reads is
/// kept until the rest arrives. Escape sequences are CSI (`ESC [` parameters, final byte 0x40–0x7E), SS3
/// (`ESC O` and one byte) and `ESC` plus one other byte (Alt+key). A lone ESC waits for the next byte.
/// C1 control characters (U+0080–U+009F, which some terminals obey as escape sequences) make no key.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    /// Whether the last byte decoded was CR, so a LF right after it (a pasted CR LF) is not a second Enter.
    private var afterCarriageReturn = false

    /// Creates a decoder.
    public init() {}

    /// Whether bytes of an unfinished sequence are held.
    public var isHolding: Bool { !pending.isEmpty }

    /// Feeds bytes; returns the keys they complete.
    public mutating func feed<C: Collection>(_ bytes: C) -> [Key] where C.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = decode(at: index) else { break }  // incomplete: wait for more bytes
            let lineFeedAfterReturn = afterCarriageReturn && pending[index] == 0x0A
            afterCarriageReturn = pending[index] == 0x0D
            if let key, !lineFeedAfterReturn { keys.append(key) }
            index += length
        }
        pending.removeFirst(index)
        // A runaway sequence (a broken terminal) cannot grow without bound.
        if pending.count > 64 { pending.removeAll() }
        return keys
    }

    /// Decodes one key at `index`: the key (nil for bytes that make none) and its length, or nil when
    /// more bytes are needed.
    private func decode(at index: Int) -> (Key?, Int)? {
        let byte = pending[index]
        switch byte {
        case 0x1B: return escape(at: index)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x01: return (.home, 1)
        case 0x05: return (.end, 1)
        case 0x02: return (.left, 1)  // Ctrl-B
        case 0x06: return (.right, 1)  // Ctrl-F
        case 0x10: return (.up, 1)  // Ctrl-P
        case 0x0E: return (.down, 1)  // Ctrl-N
        case 0x00..<0x20: return (.control(Character(Unicode.Scalar(byte + 0x60))), 1)
        case 0x20..<0x80: return (.text(Unicode.Scalar(byte)), 1)
        default: return utf8(at: index)
        }
    }

    private func escape(at index: Int) -> (Key?, Int)? {
        guard index + 1 < pending.count else { return nil }
        let second = pending[index + 1]
        switch second {
        case UInt8(ascii: "["):
            var end = index + 2
            while end < pending.count, !(0x40...0x7E).contains(pending[end]) { end += 1 }
            guard end < pending.count else { return nil }
            let parameters = String(decoding: pending[(index + 2)..<end], as: UTF8.self)
            return (csi(parameters, final: pending[end]), end - index + 1)
        case UInt8(ascii: "O"):
            guard index + 2 < pending.count else { return nil }
            return (ss3(pending[index + 2]), 3)
        case 0x1B:
            return (.unknown, 1)  // ESC ESC: the first one is alone
        default:
            return (.unknown, 2)  // Alt+key
        }
    }

    private func csi(_ parameters: String, final: UInt8) -> Key {
        switch (parameters, final) {
        case (_, UInt8(ascii: "A")): return .up
        case (_, UInt8(ascii: "B")): return .down
        case (_, UInt8(ascii: "C")): return .right
        case (_, UInt8(ascii: "D")): return .left
        case (_, UInt8(ascii: "H")): return .home
        case (_, UInt8(ascii: "F")): return .end
        case ("1", UInt8(ascii: "~")), ("7", UInt8(ascii: "~")): return .home
        case ("4", UInt8(ascii: "~")), ("8", UInt8(ascii: "~")): return .end
        case ("3", UInt8(ascii: "~")): return .delete
        default: return .unknown
        }
    }

    private func ss3(_ byte: UInt8) -> Key {
        switch byte {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        default: return .unknown
        }
    }

    /// A multi-byte UTF-8 scalar; an invalid byte becomes U+FFFD.
    private func utf8(at index: Int) -> (Key?, Int)? {
        let lead = pending[index]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (.text("\u{FFFD}"), 1)
        }
        var available = 1
        while available < length, index + available < pending.count {
            guard pending[index + available] & 0xC0 == 0x80 else { return (.text("\u{FFFD}"), available) }
            available += 1
        }
        guard available == length else { return nil }
        var decoded = String(decoding: pending[index..<(index + length)], as: UTF8.self).unicodeScalars.makeIterator()
        let scalar = decoded.next() ?? "\u{FFFD}"
        return ((0x80..<0xA0).contains(scalar.value) ? .unknown : .text(scalar), length)
    }
}
