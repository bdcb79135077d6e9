// LineEscaping: records are tab-separated fields on one line; backslash escapes keep fields on it.

/// Encodes fields into one line and back. `\` `\t` `\n` `\r` inside a field become `\\` `\t` `\n` `\r`.
public enum LineEscaping {
    /// Joins escaped fields with tabs (no newline).
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: "\t")
    }

    /// Splits a line into unescaped fields.
    public static func fields(_ line: Substring) -> [String] {
        // Split on the UTF-8 bytes: a tab is ASCII, so every split point is a character boundary (and this runs for
        // every line read back, where splitting by Character costs several times more).
        var fields: [String] = []
        var start = line.startIndex
        var index = start
        let bytes = line.utf8
        while index != bytes.endIndex {
            if bytes[index] == 0x09 {
                fields.append(unescape(line[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        fields.append(unescape(line[start..<line.endIndex]))
        return fields
    }

    static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var out = ""
        for character in field.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func unescape(_ field: Substring) -> String {
        guard field.utf8.contains(0x5C) else { return String(field) }
        var out = ""
        var escaping = false
        for character in field.unicodeScalars {
            if escaping {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
