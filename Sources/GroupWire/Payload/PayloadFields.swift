// PayloadFields: UTF-8 text fields separated by '|', the last one free text that may contain '|'.

/// Why a payload's fields could not be read.
public enum PayloadError: Error, Equatable, Sendable {
    /// The payload is not valid UTF-8.
    case invalidUTF8
    /// The payload has fewer fields than the message needs.
    case missingFields(expected: Int, found: Int)
    /// A field that must be a number is not.
    case notANumber(String)
    /// A field other than the last contains '|'.
    case separatorInField(String)
    /// A field holds a word outside its set.
    case notOneOf(String, [String])

    /// A sentence for the peer.
    public var message: String {
        switch self {
        case .invalidUTF8: return "payload is not valid UTF-8"
        case .missingFields(let expected, let found): return "expected \(expected) fields, found \(found)"
        case .notANumber(let text): return "'\(text)' is not a number"
        case .separatorInField(let text): return "field '\(text)' may not contain '|'"
        case .notOneOf(let text, let words): return "'\(text)' is not one of \(words.joined(separator: ", "))"
        }
    }
}

/// Splits and joins `|`-separated payloads.
public enum PayloadFields {
    /// The field separator, `|`.
    public static let separator: UInt8 = 0x7C

    /// Splits `payload` into exactly `count` fields; the last field takes the rest, `|` included.
    /// - Parameters:
    ///   - payload: The UTF-8 payload bytes.
    ///   - count: How many fields the message has.
    /// - Returns: The fields.
    /// - Throws: ``PayloadError`` when the bytes are not UTF-8 or there are too few fields.
    public static func split(_ payload: [UInt8], count: Int) throws(PayloadError) -> [String] {
        guard count > 0 else { return [] }
        var fields: [String] = []
        fields.reserveCapacity(count)
        var start = 0
        var index = 0
        while fields.count < count - 1, index < payload.count {
            if payload[index] == separator {
                fields.append(try text(payload[start..<index]))
                start = index + 1
            }
            index += 1
        }
        guard fields.count == count - 1 else {
            throw .missingFields(expected: count, found: fields.count + 1)
        }
        fields.append(try text(payload[start...]))
        return fields
    }

    /// Splits `payload` into all of its fields (for lists whose fields never contain `|`).
    public static func splitAll(_ payload: [UInt8]) throws(PayloadError) -> [String] {
        guard !payload.isEmpty else { return [] }
        var fields: [String] = []
        var start = 0
        for index in payload.indices where payload[index] == separator {
            fields.append(try text(payload[start..<index]))
            start = index + 1
        }
        fields.append(try text(payload[start...]))
        return fields
    }

    /// Joins fields with `|`. Only the last field may contain `|`.
    public static func join(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        for (position, field) in fields.enumerated() {
            if position > 0 { bytes.append(separator) }
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    /// Reads a decimal number field.
    public static func number<T: FixedWidthInteger>(_ field: String, as type: T.Type = T.self) throws(PayloadError) -> T {
        guard let value = T(field) else { throw .notANumber(field) }
        return value
    }

    private static func text(_ bytes: ArraySlice<UInt8>) throws(PayloadError) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return string
    }
}
