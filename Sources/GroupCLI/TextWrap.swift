// TextWrap: lines that fit a terminal's width, broken between words (help texts, completion lists). Pure.

/// Breaks text between words so that no line is wider than the terminal (counting wide characters as two columns,
/// like ``DisplayWidth``). A word longer than a whole line is cut where it must be.
public enum TextWrap {
    /// `text`'s lines wrapped to `width` columns; a wrapped part keeps the leading spaces of its line, so the
    /// columns of a help text stay aligned.
    public static func wrap(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { wrapLine(String($0), width: width) }
    }

    /// `items` laid out side by side, separated by two spaces, on as many lines of `width` columns as needed,
    /// each line starting with `indent`.
    public static func list(_ items: [String], width: Int, indent: String = "  ") -> [String] {
        var lines: [String] = []
        var line = indent
        for item in items {
            let candidate = line == indent ? line + item : line + "  " + item
            if line != indent && DisplayWidth.of(candidate) > width {
                lines.append(line)
                line = indent + item
            } else {
                line = candidate
            }
        }
        if line != indent { lines.append(line) }
        return lines
    }

    private static func wrapLine(_ line: String, width: Int) -> [String] {
        let room = max(8, width)
        guard DisplayWidth.of(line) > room else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let continuation = indent + "  "
        var lines: [String] = []
        var current = indent
        var gap = ""  // the spaces after the last word placed, kept when the next word fits on the row
        for (word, spaces) in words(line.dropFirst(indent.count)) {
            let atStart = current == indent || current == continuation
            let joined = atStart ? current + word : current + gap + word
            gap = spaces
            if DisplayWidth.of(joined) <= room {
                current = joined
                continue
            }
            if !atStart { lines.append(current) }
            current = continuation + word
            while DisplayWidth.of(current) > room {  // one word wider than a whole line: cut it
                var head = ""
                for character in current {
                    if DisplayWidth.of(head + String(character)) > room { break }
                    head.append(character)
                }
                lines.append(head)
                current = continuation + current.dropFirst(head.count)
            }
        }
        if current != indent && current != continuation { lines.append(current) }
        return lines
    }

    /// The words of `text`, each with the spaces that follow it.
    private static func words(_ text: Substring) -> [(String, String)] {
        var result: [(String, String)] = []
        var word = ""
        var spaces = ""
        for character in text {
            if character == " " {
                spaces.append(character)
            } else {
                if !spaces.isEmpty {
                    result.append((word, spaces))
                    (word, spaces) = ("", "")
                }
                word.append(character)
            }
        }
        if !word.isEmpty { result.append((word, spaces)) }
        return result.filter { !$0.0.isEmpty }
    }
}
