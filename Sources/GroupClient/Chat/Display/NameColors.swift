// NameColors: each sender's name in a stable colour, and the styling of chat lines. Pure.

/// Chooses a colour per name: the same name gets the same colour in every session and on every machine
/// (FNV-1a over the UTF-8 bytes, not Swift's per-process seeded `Hasher`).
public enum NameColors {
    /// The eight ANSI foreground colours used for names (SGR codes): red, green, yellow, blue, magenta, cyan,
    /// bright red, bright magenta. White and black are left out; they vanish on some backgrounds.
    public static let palette: [Int] = [31, 32, 33, 34, 35, 36, 91, 95]

    /// The SGR colour code for `name`.
    public static func code(for name: String) -> Int { palette[index(for: name)] }

    /// The palette index `name` hashes to.
    static func index(for name: String) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in name.lowercased().utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(palette.count))
    }
}

/// The colours given to the names seen in one chat, so that names on screen differ: a name gets its hashed colour
/// (``NameColors/code(for:)``) unless another name seen already has it, and then the next free one of the palette;
/// a name keeps its colour for the whole chat. Only beyond eight names must two share a colour (the least used one
/// from the name's own).
public struct NameColorBook: Equatable, Sendable {
    private var assigned: [String: Int] = [:]
    private var uses = [Int](repeating: 0, count: NameColors.palette.count)

    /// An empty book.
    public init() {}

    /// The SGR colour of `name`: the one it was given, or its hashed colour when it was not seen yet.
    public func code(for name: String) -> Int { NameColors.palette[assigned[name.lowercased()] ?? NameColors.index(for: name)] }

    /// Gives `name` a colour if it has none yet.
    public mutating func meet(_ name: String) {
        let key = name.lowercased()
        guard assigned[key] == nil else { return }
        let count = NameColors.palette.count
        let start = NameColors.index(for: key)
        let least = uses.min() ?? 0
        let index = (0..<count).map { (start + $0) % count }.first { uses[$0] == least } ?? start
        assigned[key] = index
        uses[index] += 1
    }
}

/// How chat lines are drawn: with colour on a terminal that allows it, as plain text otherwise.
public struct ChatStyle: Equatable, Sendable {
    /// Whether SGR colour codes may be written.
    public var colors: Bool
    /// The colours of the names met so far (see ``meet(_:)``).
    public var book = NameColorBook()

    /// Creates a style.
    public init(colors: Bool) { self.colors = colors }

    /// Plain text: no escape codes at all (output is not a terminal, or `NO_COLOR` is set).
    public static let plain = ChatStyle(colors: false)

    /// The style for this process's output: colour only on a terminal, and never when `NO_COLOR` is set to
    /// anything non-empty (https://no-color.org).
    public static func forOutput(isTerminal: Bool, noColor: Bool) -> ChatStyle {
        ChatStyle(colors: isTerminal && !noColor)
    }

    /// `name` in its colour.
    public func name(_ name: String) -> String {
        colors ? "\u{1B}[\(book.code(for: name))m\(name)\u{1B}[0m" : name
    }

    /// Notes a name about to be shown, so it gets a colour no other name on screen has (while there are colours).
    public mutating func meet(_ name: String) { book.meet(name) }

    /// The member's own name where it appears: bold and reverse video.
    public func highlight(_ text: String) -> String {
        colors ? "\u{1B}[1;7m\(text)\u{1B}[0m" : text
    }

    /// Quiet text (timestamps, notices).
    public func dim(_ text: String) -> String {
        colors ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }
}

/// Finds mentions of a member in a text. Pure.
public enum Mentions {
    /// Where `name` appears as a word (`@name` included), case-insensitively, as character offsets: the
    /// characters around it are not letters, digits, `_` or `-`.
    public static func ranges(of name: String, in text: String) -> [Range<Int>] {
        let wanted = Array(name.lowercased())
        guard !wanted.isEmpty else { return [] }
        let characters = Array(text)
        var found: [Range<Int>] = []
        var start = 0
        while start + wanted.count <= characters.count {
            let end = start + wanted.count
            let matches = (0..<wanted.count).allSatisfy { characters[start + $0].lowercased() == String(wanted[$0]) }
            if matches && !isWordCharacter(start > 0 ? characters[start - 1] : nil)
                && !isWordCharacter(end < characters.count ? characters[end] : nil)
            {
                found.append(start..<end)
                start = end
            } else {
                start += 1
            }
        }
        return found
    }

    /// Whether `text` mentions `name`.
    public static func mentions(_ name: String, in text: String) -> Bool { !ranges(of: name, in: text).isEmpty }

    /// `text` with every mention of `name` passed through `mark`.
    public static func highlight(_ name: String, in text: String, with mark: (String) -> String) -> String {
        let found = ranges(of: name, in: text)
        guard !found.isEmpty else { return text }
        let characters = Array(text)
        var out = ""
        var position = 0
        for range in found {
            out += String(characters[position..<range.lowerBound])
            out += mark(String(characters[range]))
            position = range.upperBound
        }
        return out + String(characters[position...])
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
