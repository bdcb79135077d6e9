// LineEscaping: records are tab-separated fields on one line; backslash escapes keep fields on it.

/// Encodes fields into one line and back. `\` `\t` `\n` `\r` inside a field become `\\` `\t` `\n` `\r`; every other
/// control character (C0, DEL, C1) becomes `\u{1b}`-style, so a data file never holds a raw one (an escape
/// sequence `cat` would obey, a NUL a tool would stop at).
public enum LineEscaping {
    /// Joins escaped fields with tabs (no newline).
    public static func line(_ fields: [String]) -> String {
        // Built as bytes and made a String once: this runs for every message saved.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            if mayNeedEscaping(field) {
                bytes.append(contentsOf: escape(field).utf8)
            } else {
                bytes.append(contentsOf: field.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A quick look at the bytes: false when `field` surely holds no backslash and no control character (C1 controls
    /// are encoded as 0xC2 0x80–0x9F, so any 0xC2 sends the field to ``escape(_:)``, which looks at the scalars).
    static func mayNeedEscaping(_ field: String) -> Bool {
        var field = field
        return field.withUTF8 { bytes in
            bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\\") || $0 == 0x7F || $0 == 0xC2 }
        }
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
        guard field.unicodeScalars.contains(where: { $0 == "\\" || isControl($0) }) else { return field }
        var out = ""
        for character in field.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where isControl(character): out += "\\u{" + String(character.value, radix: 16) + "}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }

    static func unescape(_ field: Substring) -> String {
        guard field.utf8.contains(0x5C) else { return String(field) }
        var out = ""
        var scalars = field.unicodeScalars[...]
        while let character = scalars.popFirst() {
            guard character == "\\", let escaped = scalars.popFirst() else {
                if character != "\\" { out.unicodeScalars.append(character) }
                continue
            }
            switch escaped {
            case "t": out += "\t"
            case "n": out += "\n"
            case "r": out += "\r"
            case "u":
                // `\u{hex}`; anything else after `\u` stands for itself, as before this escape existed.
                if scalars.first == "{", let close = scalars.firstIndex(of: "}"),
                    let value = UInt32(String(String.UnicodeScalarView(scalars.dropFirst()[..<close])), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    out.unicodeScalars.append(scalar)
                    scalars = scalars[scalars.index(after: close)...]
                } else {
                    out += "u"
                }
            default: out.unicodeScalars.append(escaped)
            }
        }
        return out
    }
}
