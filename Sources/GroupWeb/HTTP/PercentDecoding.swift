// PercentDecoding: `%XX` escapes in paths and query strings (RFC 3986 §2.1), strictly.

/// Decodes percent-escaped text.
public enum PercentDecoding {
    /// Decodes `%XX` escapes (and, in a query, `+` as a space) and checks the result is UTF-8.
    /// - Parameters:
    ///   - text: The escaped text, e.g. `caf%C3%A9`.
    ///   - plusIsSpace: `true` in a query string (`application/x-www-form-urlencoded`), `false` in a path.
    /// - Returns: The decoded text, or `nil` when an escape is not `%` followed by two hex digits, or the
    ///   decoded bytes are not valid UTF-8 or contain NUL.
    public static func decode(_ text: some StringProtocol, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(ASCII.space)
            default:
                bytes.append(byte)
            }
        }
        guard !bytes.contains(0), let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
