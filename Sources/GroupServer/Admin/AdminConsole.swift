// AdminConsole: bytes from the owner's prompt -> lines -> admin commands for the runtime.
import GroupCore

/// Splits the admin prompt's input into lines and parses them. Shared by every engine: each engine only
/// decides how the bytes of standard input reach ``receive(_:)``.
public struct AdminConsole: Sendable {
    /// The longest line kept; the rest of a longer line is dropped.
    public static let maxLineBytes = 8 * 1024
    private var partial: [UInt8] = []

    /// Creates an empty console.
    public init() {}

    /// Adds bytes read from the prompt and returns what each completed line asks for.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> [Result<AdminCommand?, AdminParseError>] {
        var results: [Result<AdminCommand?, AdminParseError>] = []
        for byte in bytes {
            if byte == 0x0A {
                results.append(AdminCommandParser.parse(String(decoding: partial, as: UTF8.self)))
                partial.removeAll(keepingCapacity: true)
            } else if byte != 0x0D && partial.count < Self.maxLineBytes {
                partial.append(byte)
            }
        }
        return results
    }

    /// The last line when the input ends without a newline.
    public mutating func finish() -> [Result<AdminCommand?, AdminParseError>] {
        guard !partial.isEmpty else { return [] }
        defer { partial.removeAll() }
        return [AdminCommandParser.parse(String(decoding: partial, as: UTF8.self))]
    }
}
