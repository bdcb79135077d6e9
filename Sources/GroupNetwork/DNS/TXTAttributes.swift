// TXTAttributes: the `key=value` strings of a DNS-SD TXT record (RFC 6763 §6).

/// Key/value pairs carried in a TXT record. Keys are printable ASCII without `=`, compared without regard to
/// case; the first occurrence of a key wins; each string is at most 255 bytes.
public struct TXTAttributes: Equatable, Sendable {
    /// The pairs in order.
    public private(set) var pairs: [(key: String, value: [UInt8])]

    /// Creates attributes from pairs; a value that would make its string longer than 255 bytes is cut at the
    /// last whole UTF-8 character that fits.
    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { key, value in
            let room = 255 - key.utf8.count - 1
            return (key, Array(Self.prefix(of: Array(value.utf8), fitting: room)))
        }
    }

    /// Reads the strings of a TXT record; strings without a valid key are skipped.
    public init(strings: [[UInt8]]) {
        pairs = []
        for string in strings {
            let keyBytes = string.prefix { $0 != UInt8(ascii: "=") }
            guard !keyBytes.isEmpty, keyBytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { continue }
            let key = String(decoding: keyBytes, as: UTF8.self)
            guard self[key] == nil else { continue }
            let value = keyBytes.count < string.count ? Array(string[(keyBytes.count + 1)...]) : []
            pairs.append((key, value))
        }
    }

    /// The strings for the record.
    public var strings: [[UInt8]] { pairs.map { Array($0.key.utf8) + [UInt8(ascii: "=")] + $0.value } }

    /// The value of `key` as UTF-8 text (invalid bytes replaced), or nil when absent.
    public subscript(key: String) -> String? {
        let folded = key.lowercased()
        return pairs.first { $0.key.lowercased() == folded }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    public static func == (lhs: TXTAttributes, rhs: TXTAttributes) -> Bool { lhs.strings == rhs.strings }

    /// The longest prefix of UTF-8 `bytes` that fits in `room` bytes without splitting a character.
    static func prefix(of bytes: [UInt8], fitting room: Int) -> ArraySlice<UInt8> {
        guard bytes.count > room else { return bytes[...] }
        var end = max(0, room)
        // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return bytes[..<end]
    }
}
