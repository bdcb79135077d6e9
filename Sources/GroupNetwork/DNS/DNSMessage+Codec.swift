// DNSMessage+Codec: reading a DNS message from a packet and writing one, with name compression.

extension DNSMessage {
    /// Reads a message. Bytes after the last record are ignored (RFC 6762 §18 lets receivers ignore them).
    /// - Throws: ``DNSError`` for a packet that is short, announces more entries than it can hold, loops or
    ///   overruns with compression pointers, or carries record data that does not fit its type.
    public static func decode(_ packet: [UInt8]) throws(DNSError) -> DNSMessage {
        var reader = ByteReader(packet, truncated: DNSError.truncated)
        let id = try reader.u16()
        let flags = try reader.u16()
        let counts = (try reader.u16(), try reader.u16(), try reader.u16(), try reader.u16())
        // Checked before anything is allocated: a 12-byte packet cannot make us reserve 65535 entries.
        let needed = Int(counts.0) * minimumQuestionSize
            + (Int(counts.1) + Int(counts.2) + Int(counts.3)) * minimumRecordSize
        guard needed <= reader.remaining else { throw .countsExceedPacket }
        var message = DNSMessage(id: id, flags: flags)
        for _ in 0..<counts.0 {
            let name = try DNSName.read(&reader)
            let type = DNSRecordType(rawValue: try reader.u16())
            let rawClass = try reader.u16()
            message.questions.append(DNSQuestion(
                name: name, type: type, recordClass: rawClass & ~DNSClass.topBit,
                unicastResponse: rawClass & DNSClass.topBit != 0))
        }
        for _ in 0..<counts.1 { message.answers.append(try readRecord(&reader)) }
        for _ in 0..<counts.2 { message.authorities.append(try readRecord(&reader)) }
        for _ in 0..<counts.3 { message.additionals.append(try readRecord(&reader)) }
        return message
    }

    private static func readRecord(_ reader: inout ByteReader<DNSError>) throws(DNSError) -> DNSRecord {
        let name = try DNSName.read(&reader)
        let type = DNSRecordType(rawValue: try reader.u16())
        let rawClass = try reader.u16()
        let ttl = try reader.u32()
        let length = Int(try reader.u16())
        let start = reader.offset
        guard length <= reader.remaining else { throw .truncated }
        let end = start + length
        let data: DNSRecordData
        switch type {
        case .a, .aaaa:
            guard length == (type == .a ? 4 : 16) else { throw .badRecordData }
            data = .address(IPAddress(bytes: try reader.take(length))!)
        case .ptr:
            data = .pointer(try nameInside(&reader, end: end))
        case .srv:
            guard length >= 7 else { throw .badRecordData }
            let (priority, weight, port) = (try reader.u16(), try reader.u16(), try reader.u16())
            data = .service(priority: priority, weight: weight, port: port, target: try nameInside(&reader, end: end))
        case .txt:
            var strings: [[UInt8]] = []
            while reader.offset < end {
                let size = Int(try reader.u8())
                guard reader.offset + size <= end else { throw .badRecordData }
                strings.append(Array(try reader.take(size)))
            }
            // No strings at all is read as one empty string, the form an empty TXT record takes (RFC 6763 §6.1),
            // so a message reads back the same after it is written.
            data = .text(strings.isEmpty ? [[]] : strings)
        default:
            data = .other(type, Array(try reader.take(length)))
        }
        guard reader.offset == end else { throw .badRecordData }
        return DNSRecord(
            name: name, ttl: ttl, cacheFlush: rawClass & DNSClass.topBit != 0, data: data,
            recordClass: rawClass & ~DNSClass.topBit)
    }

    /// A name inside record data: its own bytes must end exactly within the data (a pointer may reach back
    /// anywhere earlier in the packet).
    private static func nameInside(_ reader: inout ByteReader<DNSError>, end: Int) throws(DNSError) -> DNSName {
        let name = try DNSName.read(&reader)
        guard reader.offset <= end else { throw .badRecordData }
        return name
    }

    /// The message on the wire. Names are compressed, in record data too (RFC 6762 §18.14 allows it for PTR
    /// and SRV).
    /// - Throws: ``DNSError/cannotEncode`` for a name with an empty label, a label over 63 bytes or a name over
    ///   255 bytes, or a TXT string over 255 bytes.
    public func encoded() throws(DNSError) -> [UInt8] {
        var writer = ByteWriter()
        var compression: [[[UInt8]]: Int] = [:]
        writer.u16(id)
        writer.u16(flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            guard count <= 0xFFFF else { throw .cannotEncode }
            writer.u16(UInt16(count))
        }
        for question in questions {
            guard question.name.isValid else { throw .cannotEncode }
            question.name.write(to: &writer, compression: &compression)
            writer.u16(question.type.rawValue)
            writer.u16(question.recordClass | (question.unicastResponse ? DNSClass.topBit : 0))
        }
        for record in answers + authorities + additionals { try write(record, to: &writer, compression: &compression) }
        return writer.bytes
    }

    private func write(_ record: DNSRecord, to writer: inout ByteWriter, compression: inout [[[UInt8]]: Int]) throws(DNSError) {
        guard record.name.isValid else { throw .cannotEncode }
        record.name.write(to: &writer, compression: &compression)
        writer.u16(record.type.rawValue)
        writer.u16(record.recordClass | (record.cacheFlush ? DNSClass.topBit : 0))
        writer.u32(record.ttl)
        let lengthAt = writer.count
        writer.u16(0)
        switch record.data {
        case .address(let address): writer.append(address.bytes)
        case .pointer(let target):
            guard target.isValid else { throw .cannotEncode }
            target.write(to: &writer, compression: &compression)
        case .service(let priority, let weight, let port, let target):
            guard target.isValid else { throw .cannotEncode }
            writer.u16(priority)
            writer.u16(weight)
            writer.u16(port)
            target.write(to: &writer, compression: &compression)
        case .text(let strings):
            // An empty TXT record is one empty string (RFC 6763 §6.1).
            for string in strings.isEmpty ? [[]] : strings {
                guard string.count <= 255 else { throw .cannotEncode }
                writer.u8(UInt8(string.count))
                writer.append(string)
            }
        case .other(_, let bytes): writer.append(bytes)
        }
        let length = writer.count - lengthAt - 2
        guard length <= 0xFFFF else { throw .cannotEncode }
        writer.patch16(at: lengthAt, UInt16(length))
    }
}
