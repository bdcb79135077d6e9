// ByteWriter: big-endian fields appended to a packet being built.

/// Appends big-endian integers and byte runs to ``bytes``.
public struct ByteWriter {
    /// The packet so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Appends one byte.
    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    /// Appends a big-endian 16-bit number.
    public mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }

    /// Appends a big-endian 32-bit number.
    public mutating func u32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// Appends bytes.
    public mutating func append<Bytes: Sequence>(_ run: Bytes) where Bytes.Element == UInt8 { bytes += run }

    /// Overwrites a big-endian 16-bit number written earlier at `offset` (a length known only afterwards).
    public mutating func patch16(at offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    /// Bytes written so far.
    public var count: Int { bytes.count }
}
