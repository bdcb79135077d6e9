// FrameHeader: reads and writes the fixed six-byte header, big-endian.

/// The fixed header in front of every frame.
public struct FrameHeader: Equatable, Sendable {
    /// The frame's type code.
    public var type: UInt16
    /// The payload length in bytes.
    public var length: UInt32

    /// Creates a header.
    public init(type: UInt16, length: UInt32) {
        self.type = type
        self.length = length
    }

    /// Parses a header from the first six bytes at `start` of `bytes`.
    /// - Parameters:
    ///   - bytes: A buffer holding at least `start + 6` bytes.
    ///   - start: Where the header begins.
    /// - Returns: The header.
    public static func parse(_ bytes: [UInt8], at start: Int) -> FrameHeader {
        let type = UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
        var length: UInt32 = 0
        for offset in 2..<6 {
            length = length << 8 | UInt32(bytes[start + offset])
        }
        return FrameHeader(type: type, length: length)
    }

    /// Appends the six header bytes to `buffer`.
    public func write(into buffer: inout [UInt8]) {
        buffer.append(UInt8(type >> 8))
        buffer.append(UInt8(type & 0xFF))
        buffer.append(UInt8(length >> 24))
        buffer.append(UInt8((length >> 16) & 0xFF))
        buffer.append(UInt8((length >> 8) & 0xFF))
        buffer.append(UInt8(length & 0xFF))
    }
}
