// IRCText: what happens to message text between IRC and the group — formatting codes, CTCP actions, and long or
// multi-line texts cut into lines that fit.

/// Text rules of the gateway.
///
/// The group's texts may hold no control characters but newline (PROTOCOL.md §8). IRC clients put formatting
/// codes in their messages (bold `^B`, colours `^C04,02`, italics, underline, reverse, monospace, reset): the
/// gateway **strips** them before a message reaches the group, so a member in `groupctl` or the browser sees
/// the plain words. Any other control character is left in, and the group refuses the message with its reason.
public enum IRCText {
    private static let simpleFormatting: Set<Unicode.Scalar> = ["\u{02}", "\u{0F}", "\u{11}", "\u{16}", "\u{1D}", "\u{1E}", "\u{1F}"]

    /// `text` without IRC formatting codes: `^B ^O ^Q ^V ^] ^^ ^_`, colours `^C` with up to two digits and an
    /// optional `,` and two more, and hexadecimal colours `^D` with six hex digits and an optional `,` and six more.
    public static func stripFormatting(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { $0.value < 0x20 }) else { return text }
        var result = String.UnicodeScalarView()
        var index = 0
        /// Skips up to `count` characters accepted by `accept` after `index`; returns how many were skipped.
        func skip(_ count: Int, _ accept: (Unicode.Scalar) -> Bool) -> Int {
            var skipped = 0
            while skipped < count, index < scalars.count, accept(scalars[index]) {
                index += 1
                skipped += 1
            }
            return skipped
        }
        func colour(_ width: Int, _ accept: (Unicode.Scalar) -> Bool) {
            guard skip(width, accept) > 0 else { return }
            // A comma starts a background colour only when digits follow it.
            if index + 1 < scalars.count, scalars[index] == ",", accept(scalars[index + 1]) {
                index += 1
                _ = skip(width, accept)
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if simpleFormatting.contains(scalar) { continue }
            if scalar == "\u{03}" {
                colour(2) { $0.properties.numericType == .decimal && $0.isASCII }
            } else if scalar == "\u{04}" {
                colour(6) { $0.isASCII && $0.properties.isASCIIHexDigit }
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The text of a CTCP ACTION (`^AACTION waves^A`, the closing `^A` optional), or nil.
    public static func action(in text: String) -> String? {
        guard text.hasPrefix("\u{01}ACTION") else { return nil }
        var body = text.dropFirst("\u{01}ACTION".count)
        guard body.isEmpty || body.first == " " || body == "\u{01}" else { return nil }
        if body.last == "\u{01}" { body = body.dropLast() }
        return String(body.drop { $0 == " " })
    }

    /// Whether `text` is a CTCP message (it starts with `^A`).
    public static func isCTCP(_ text: String) -> Bool { text.unicodeScalars.first == "\u{01}" }

    /// The lines of a group text as IRC messages: one per line of the text (empty lines left out), each cut into
    /// pieces of at most `maxBytes` bytes of UTF-8, at a space when one is near the end, else between characters.
    public static func split(_ text: String, maxBytes: Int) -> [String] {
        let limit = max(maxBytes, 4)
        var pieces: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var rest = Substring(line)
            while rest.utf8.count > limit {
                var end = rest.startIndex
                var bytes = 0
                var lastSpace: String.Index?
                for index in rest.indices {
                    let width = rest[index].utf8.count
                    if bytes + width > limit { break }
                    bytes += width
                    end = rest.index(after: index)
                    if rest[index] == " " { lastSpace = index }
                }
                guard end > rest.startIndex else {
                    // One character wider than the limit (a long emoji sequence): cut it between its scalars.
                    let scalars = rest.unicodeScalars
                    var cut = scalars.index(after: scalars.startIndex)
                    var width = 0
                    for index in scalars.indices {
                        width += String(scalars[index]).utf8.count
                        if width > limit { break }
                        cut = scalars.index(after: index)
                    }
                    pieces.append(String(scalars[scalars.startIndex..<cut]))
                    rest = Substring(scalars[cut...])
                    continue
                }
                if let lastSpace, rest.distance(from: rest.startIndex, to: lastSpace) * 2 > rest.distance(from: rest.startIndex, to: end) {
                    pieces.append(String(rest[rest.startIndex..<lastSpace]))
                    rest = rest[rest.index(after: lastSpace)...]
                } else {
                    pieces.append(String(rest[rest.startIndex..<end]))
                    rest = rest[end...]
                }
            }
            if !rest.isEmpty { pieces.append(String(rest)) }
        }
        return pieces
    }

    /// The longest prefix of UTF-8 `bytes` that fits in `count` bytes and ends between two scalars.
    static func prefix(_ bytes: [UInt8], fitting count: Int) -> [UInt8] {
        guard bytes.count > count else { return bytes }
        var end = count
        // Continuation bytes are 10xxxxxx: back up to the start of the scalar they belong to.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[0..<end])
    }
}
