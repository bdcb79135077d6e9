// LineSplitter: bytes as they arrive -> complete text lines (newline-terminated, carriage returns dropped).

/// Splits a byte stream into lines, for the owner's prompt and for a chat fed through a pipe.
public struct LineSplitter: Sendable {
    private var partial: [UInt8] = []
    /// The longest line kept; the rest of a longer line is dropped.
    public let maxLineBytes: Int

    /// Creates a splitter.
    public init(maxLineBytes: Int = Int.max) { self.maxLineBytes = maxLineBytes }

    /// Adds bytes and returns the lines they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == 0x0A {
                lines.append(String(decoding: partial, as: UTF8.self))
                partial.removeAll(keepingCapacity: true)
            } else if byte != 0x0D && partial.count < maxLineBytes {
                partial.append(byte)
            }
        }
        return lines
    }

    /// The last line when the input ends without a newline.
    public mutating func finish() -> String? {
        guard !partial.isEmpty else { return nil }
        defer { partial.removeAll() }
        return String(decoding: partial, as: UTF8.self)
    }
}
