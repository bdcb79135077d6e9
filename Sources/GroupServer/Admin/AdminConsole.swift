// AdminConsole: bytes from the owner's prompt -> lines -> admin commands for the runtime.
import GroupCore
import GroupWire

/// Splits the admin prompt's input into lines and parses them. Shared by every engine: each engine only
/// decides how the bytes of standard input reach ``receive(_:)``.
public struct AdminConsole: Sendable {
    /// The longest line kept; the rest of a longer line is dropped.
    public static let maxLineBytes = 8 * 1024
    private var lines = LineSplitter(maxLineBytes: maxLineBytes)

    /// Creates an empty console.
    public init() {}

    /// Adds bytes read from the prompt and returns what each completed line asks for.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> [Result<AdminCommand?, AdminParseError>] {
        lines.feed(bytes).map(AdminCommandParser.parse)
    }

    /// The last line when the input ends without a newline.
    public mutating func finish() -> [Result<AdminCommand?, AdminParseError>] {
        lines.finish().map { [AdminCommandParser.parse($0)] } ?? []
    }
}
