// AdminConsole: one admin prompt's state — bytes -> lines, and a /delete waiting for its confirmation.
import GroupCore
import GroupWire

/// One source of admin lines: standard input, or one connection to the admin socket. It splits the bytes
/// into lines and remembers a `/delete` that waits for the group's name (the next line of the same source).
/// Shared by every engine: each engine only decides how the bytes reach ``lines(_:)``; the lines go to
/// ``GroupRuntime/handleAdminLine(_:console:)``.
public struct AdminConsole: Sendable {
    /// The longest line kept; the rest of a longer line is dropped.
    public static let maxLineBytes = 8 * 1024
    private var splitter = LineSplitter(maxLineBytes: maxLineBytes)
    /// Set after `/delete`: this source's next line must be the group's name.
    public var confirming: DeletionConfirmation?

    /// Creates an empty console.
    public init() {}

    /// Adds bytes read from the prompt and returns the lines they complete (carriage returns dropped).
    public mutating func lines(_ bytes: UnsafeRawBufferPointer) -> [String] { splitter.feed(bytes) }

    /// The last line when the input ends without a newline.
    public mutating func finishLine() -> String? { splitter.finish() }

    /// Adds bytes and returns what each completed line asks for (parsing only; no confirmation state).
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> [Result<AdminCommand?, AdminParseError>] {
        lines(bytes).map(AdminCommandParser.parse)
    }

    /// The last line when the input ends without a newline, parsed.
    public mutating func finish() -> [Result<AdminCommand?, AdminParseError>] {
        finishLine().map { [AdminCommandParser.parse($0)] } ?? []
    }
}
