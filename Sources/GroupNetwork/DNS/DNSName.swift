// DNSName: a domain name as labels, compared without regard to ASCII case, read with compression pointers
// that can never loop.

/// A domain name: a list of labels, each 1–63 bytes. Labels are bytes, not text, because a DNS-SD service
/// instance name is free UTF-8 and may itself contain dots. Equality and hashing ignore ASCII case (RFC 1035
/// §2.3.3; RFC 6762 §16).
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first, without the empty root label.
    public let labels: [[UInt8]]

    /// The largest name on the wire: 255 bytes, length bytes and the root included.
    public static let maxWireLength = 255
    /// The largest label.
    public static let maxLabelLength = 63

    /// A name from its labels.
    public init(labels: [[UInt8]]) { self.labels = labels }

    /// A name from dotted text such as `_groupchat._tcp.local` (no escapes: for fixed names).
    public init(_ dotted: String) {
        labels = dotted.split(separator: ".").map { Array($0.utf8) }
    }

    /// `label` in front of this name.
    public func prepending(_ label: [UInt8]) -> DNSName { DNSName(labels: [label] + labels) }

    /// The bytes this name takes on the wire without compression.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// Whether every label fits in 63 bytes, none is empty, and the whole fits in 255.
    public var isValid: Bool {
        labels.allSatisfy { !$0.isEmpty && $0.count <= Self.maxLabelLength } && wireLength <= Self.maxWireLength
    }

    /// Dotted text; a dot or backslash inside a label is escaped with a backslash (RFC 6763 §4.3).
    public var description: String {
        labels.map { label in
            String(decoding: label, as: UTF8.self).replacingEvery("\\", with: "\\\\").replacingEvery(".", with: "\\.")
        }.joined(separator: ".")
    }

    /// The labels with ASCII letters in lowercase, the form names are compared in.
    var folded: [[UInt8]] { labels.map { $0.map(Self.fold) } }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.folded == rhs.folded }

    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }

    static func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    // MARK: - Wire

    /// Reads a name at the reader's offset, following compression pointers (RFC 1035 §4.1.4). A pointer must
    /// point strictly before the start of the stretch of labels it ends, so every jump goes backwards past
    /// where the previous one landed: a loop is impossible, and a crafted packet costs at most its own length.
    /// The reader ends up after the name's bytes at its original position.
    static func read(_ reader: inout ByteReader<DNSError>) throws(DNSError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var segmentStart = reader.offset
        var cursor = ByteReader(reader.bytes, offset: reader.offset, truncated: DNSError.truncated)
        var resumeAt: Int?
        while true {
            let size = try cursor.u8()
            switch size & 0xC0 {
            case 0x00:
                if size == 0 {
                    reader.offset = resumeAt ?? cursor.offset
                    return DNSName(labels: labels)
                }
                length += 1 + Int(size)
                guard length <= maxWireLength else { throw .nameTooLong }
                labels.append(Array(try cursor.take(Int(size))))
            case 0xC0:
                let target = Int(size & 0x3F) << 8 | Int(try cursor.u8())
                guard target < segmentStart else { throw .badPointer }
                if resumeAt == nil { resumeAt = cursor.offset }
                segmentStart = target
                cursor.offset = target
            default:
                throw .badLabelType
            }
        }
    }

    /// Writes the name, pointing at an earlier copy of its longest known suffix when `compression` knows one,
    /// and remembering the suffixes it writes in full.
    func write(to writer: inout ByteWriter, compression: inout [[[UInt8]]: Int]) {
        let folded = self.folded
        for index in labels.indices {
            let suffix = Array(folded[index...])
            if let offset = compression[suffix] {
                writer.u16(0xC000 | UInt16(offset))
                return
            }
            // Pointers hold 14 bits: only suffixes that start early enough can be pointed at.
            if writer.count < 0x4000 { compression[suffix] = writer.count }
            writer.u8(UInt8(labels[index].count))
            writer.append(labels[index])
        }
        writer.u8(0)
    }
}

extension String {
    /// Every `target` replaced with `replacement` (Foundation-free).
    func replacingEvery(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
