// IRCTagCoding: the tag part of a line (`@key=value;key2`), with the value escapes of IRCv3 message-tags.

/// Reads and writes tags.
enum IRCTagCoding {
    /// The tags of `bytes` (what lies between `@` and the first space). Tags with an empty key or a value that is
    /// not UTF-8 are left out.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [IRCTag] {
        bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true).compactMap { item in
            let equals = item.firstIndex(of: UInt8(ascii: "="))
            let key = item[item.startIndex..<(equals ?? item.endIndex)]
            guard !key.isEmpty, let keyText = String(validating: key, as: UTF8.self) else { return nil }
            guard let equals else { return IRCTag(keyText) }
            guard let value = String(validating: item[(equals + 1)...], as: UTF8.self) else { return nil }
            return IRCTag(keyText, unescape(value))
        }
    }

    /// `key=value` with the value escaped (`;` `\:`, space `\s`, `\` `\\`, CR `\r`, LF `\n`), or `key` alone.
    static func encode(_ tag: IRCTag) -> [UInt8] {
        var bytes = Array(tag.key.utf8).filter { $0 != 0x20 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "=") }
        guard !tag.value.isEmpty else { return bytes }
        bytes.append(UInt8(ascii: "="))
        for byte in tag.value.utf8 {
            switch byte {
            case UInt8(ascii: ";"): bytes += Array(#"\:"#.utf8)
            case 0x20: bytes += Array(#"\s"#.utf8)
            case UInt8(ascii: "\\"): bytes += Array(#"\\"#.utf8)
            case 0x0D: bytes += Array(#"\r"#.utf8)
            case 0x0A: bytes += Array(#"\n"#.utf8)
            case 0: continue
            default: bytes.append(byte)
            }
        }
        return bytes
    }

    /// Undoes the escapes; an unknown escape stands for its character, a lone `\` at the end for nothing.
    private static func unescape(_ value: String) -> String {
        guard value.contains("\\") else { return value }
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                escaping = false
                switch scalar {
                case ":": result.append(";")
                case "s": result.append(" ")
                case "r": result.append("\r")
                case "n": result.append("\n")
                default: result.append(scalar)
                }
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
