// IndexRecord: one fixed-size record of transcript.idx — where a line of the transcript starts — and the
// file's header.
import GroupWire

/// The start of every Nth line of `transcript.txt`: its sequence number, its time and its byte offset.
/// Stored as 32 bytes, big-endian: `[SEQ u64][TIME i64][OFFSET u64][NUMBER u32][CRC-32 u32]`, where NUMBER is
/// the record's own position in the file (0, 1, 2, …, so a record out of place is noticed) and the CRC-32 covers
/// the 28 bytes before it.
public struct IndexRecord: Equatable, Sendable {
    /// Bytes per record in the file.
    public static let size = 32

    /// The line's sequence number.
    public var sequence: UInt64
    /// The line's time (milliseconds since the epoch).
    public var time: Int64
    /// The byte offset in `transcript.txt` where the line starts.
    public var offset: UInt64

    /// Creates a record.
    public init(sequence: UInt64, time: Int64, offset: UInt64) {
        self.sequence = sequence
        self.time = time
        self.offset = offset
    }

    /// The record's 32 bytes as record number `number` of the file.
    public func encoded(number: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        Self.put(sequence, into: &bytes)
        Self.put(UInt64(bitPattern: time), into: &bytes)
        Self.put(offset, into: &bytes)
        Self.put32(UInt32(truncatingIfNeeded: number), into: &bytes)
        Self.put32(CRC32.of(bytes), into: &bytes)
        return bytes
    }

    /// Reads record number `number`; nil when its checksum does not match or it says it is another record.
    public init?(_ bytes: ArraySlice<UInt8>, number: Int) {
        guard bytes.count == Self.size else { return nil }
        let base = bytes.startIndex
        let tail = Self.number(bytes, at: base + 24)
        guard CRC32.of(bytes[base..<(base + 28)]) == UInt32(truncatingIfNeeded: tail),
            tail >> 32 == UInt64(UInt32(truncatingIfNeeded: number))
        else { return nil }
        sequence = Self.number(bytes, at: base)
        time = Int64(bitPattern: Self.number(bytes, at: base + 8))
        offset = Self.number(bytes, at: base + 16)
    }

    private static func put32(_ value: UInt32, into bytes: inout [UInt8]) {
        for shift in Swift.stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func put(_ value: UInt64, into bytes: inout [UInt8]) {
        for shift in Swift.stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    static func number(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[index + $1]) }
    }
}

/// The 16-byte header of `transcript.idx`: `GCTIDX1` and a newline, the stride (lines per record, u32) and the
/// record size (u32), both big-endian.
public enum IndexHeader {
    /// The header's size in bytes.
    public static let size = 16
    /// The magic bytes the file starts with.
    public static let magic: [UInt8] = Array("GCTIDX1\n".utf8)

    /// The header for an index with one record every `stride` lines.
    public static func encoded(stride: Int) -> [UInt8] {
        magic + bytes(UInt32(stride)) + bytes(UInt32(IndexRecord.size))
    }

    /// The stride a header declares; nil when it is not a valid header of this version.
    public static func stride(of bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= size, Array(bytes.prefix(8)) == magic else { return nil }
        let base = bytes.startIndex
        let stride = Int(IndexRecord.number(bytes, at: base + 8) >> 32)
        let recordSize = Int(IndexRecord.number(bytes, at: base + 8) & 0xFFFF_FFFF)
        return stride > 0 && recordSize == IndexRecord.size ? stride : nil
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
