// DNSMessageTests: the DNS codec — round trips with compression, byte-exact names, and every kind of broken or
// hostile packet (every truncation, compression loops, counts larger than the packet), none of which may trap.
import GroupNetwork
import Testing

@Suite("DNS message codec")
struct DNSMessageTests {
    static let instance = GroupAdvert.serviceType.prepending(Array("Study group v1.2".utf8))
    static let host = DNSName("laptop-groupchat-7070.local")

    static var sample: DNSMessage {
        DNSMessage(
            id: 0x1234, flags: DNSMessage.responseFlag | DNSMessage.authoritativeFlag,
            questions: [DNSQuestion(name: GroupAdvert.serviceType, type: .ptr, unicastResponse: true)],
            answers: [DNSRecord(name: GroupAdvert.serviceType, ttl: 4500, data: .pointer(instance))],
            authorities: [DNSRecord(name: host, ttl: 120, data: .other(.nsec, [0xC0, 0x0C, 0, 1, 0x40]))],
            additionals: [
                DNSRecord(name: instance, ttl: 120, cacheFlush: true, data: .service(priority: 0, weight: 0, port: 7070, target: host)),
                DNSRecord(name: instance, ttl: 4500, cacheFlush: true, data: .text([Array("name=Study group".utf8), Array("fp=SHA256:x".utf8)])),
                DNSRecord(name: host, ttl: 120, cacheFlush: true, data: .address(IPAddress(v4: 192, 168, 1, 20))),
                DNSRecord(name: host, ttl: 120, cacheFlush: true, data: .address(IPAddress("2001:db8::5")!)),
            ])
    }

    @Test func roundTripsWithCompression() throws {
        let bytes = try Self.sample.encoded()
        #expect(try DNSMessage.decode(bytes) == Self.sample)
        // The service type appears once in full; later names point at it.
        let full = try DNSMessage(answers: Self.sample.additionals).encoded()
        #expect(bytes.count < 12 + Self.sample.allRecords.count * 60)
        #expect(full.count > 0)
    }

    @Test func namesAreComparedWithoutCaseAndKeepDotsInLabels() throws {
        #expect(DNSName("_GroupChat._TCP.Local") == GroupAdvert.serviceType)
        #expect(Self.instance.description == "Study group v1\\.2._groupchat._tcp.local")
        #expect(Self.instance.labels.count == 4)
    }

    @Test func aQueryIsEncodedByteForByte() throws {
        let query = DNSMessage(questions: [DNSQuestion(name: DNSName("_groupchat._tcp.local"), type: .ptr, unicastResponse: true)])
        let expected: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
            + [10] + Array("_groupchat".utf8) + [4] + Array("_tcp".utf8) + [5] + Array("local".utf8) + [0]
            + [0, 12, 0x80, 1]
        #expect(try query.encoded() == expected)
    }

    @Test func everyTruncationIsRefusedWithoutTrapping() throws {
        let bytes = try Self.sample.encoded()
        for length in 0..<bytes.count {
            #expect(throws: DNSError.self) { try DNSMessage.decode(Array(bytes.prefix(length))) }
        }
        // The second half of every split never traps, and never reads as the message (a packet is never
        // reassembled from pieces; a stray tail may read as some other, empty message).
        for split in 1..<bytes.count {
            #expect((try? DNSMessage.decode(Array(bytes[split...]))) != Self.sample)
        }
    }

    @Test func aPointerToItselfIsRefused() {
        // One question whose name is a pointer to offset 12: itself.
        let packet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSError.badPointer) { try DNSMessage.decode(packet) }
    }

    @Test func twoPointersAtEachOtherAreRefused() {
        // A name at 12: label "a", then a pointer to 16; at 16 a pointer back to 12.
        let packet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0xC0, 16, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSError.badPointer) { try DNSMessage.decode(packet) }
    }

    @Test func aLoopThroughAnEarlierNameIsRefused() {
        // The answer's name at 25 is label "b", then a pointer back to the question's name at 12; that one is
        // label "a" and a pointer to 25's pointer at 27. Each pointer on its own looks plausible; followed, they
        // would loop forever.
        var packet: [UInt8] = [0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]
        packet += [1, 0x61, 0xC0, 12 + 13 + 2]  // 12: "a" -> 27
        packet += [0, 1, 0, 1]  // 16: question type and class
        packet += [0, 0, 0, 0, 0]  // 20: filler (never read as a name)
        packet += [1, 0x62, 0xC0, 12]  // 25: "b" -> 12
        packet += [0, 1, 0, 1, 0, 0, 0, 10, 0, 4, 1, 2, 3, 4]
        #expect(throws: DNSError.badPointer) { try DNSMessage.decode(packet) }
    }

    @Test func aForwardPointerIsRefused() {
        let packet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 18, 0, 1, 0, 1, 1, 0x61, 0]
        #expect(throws: DNSError.badPointer) { try DNSMessage.decode(packet) }
    }

    @Test func countsLargerThanThePacketAreRefusedBeforeAllocating() {
        for counts in [[0xFF, 0xFF, 0, 0, 0, 0, 0, 0], [0, 0, 0xFF, 0xFF, 0, 0, 0, 0], [0, 1, 0, 1, 0, 1, 0, 1]] {
            let packet: [UInt8] = [0, 0, 0x84, 0] + counts.map(UInt8.init) + [0, 0, 1, 0, 1]
            #expect(throws: DNSError.countsExceedPacket) { try DNSMessage.decode(packet) }
        }
    }

    @Test func longLabelsAndNamesAreRefused() {
        // 64-byte "labels" use the reserved 01 prefix; a name of five 63-byte labels is over 255 bytes.
        var reserved: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40]
        reserved += [UInt8](repeating: 0x61, count: 64) + [0, 0, 1, 0, 1]
        #expect(throws: DNSError.badLabelType) { try DNSMessage.decode(reserved) }
        var long: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for _ in 0..<5 { long += [63] + [UInt8](repeating: 0x61, count: 63) }
        long += [0, 0, 1, 0, 1]
        #expect(throws: DNSError.nameTooLong) { try DNSMessage.decode(long) }
        #expect(throws: DNSError.cannotEncode) {
            try DNSMessage(questions: [DNSQuestion(name: DNSName(labels: [[UInt8](repeating: 0x61, count: 64)]), type: .a)]).encoded()
        }
    }

    @Test func recordDataMustMatchItsType() {
        let header: [UInt8] = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        // An A record with 5 bytes of data.
        let badA = header + [0, 0, 1, 0, 1, 0, 0, 0, 10, 0, 5, 1, 2, 3, 4, 5]
        #expect(throws: DNSError.badRecordData) { try DNSMessage.decode(badA) }
        // A TXT string running past the data.
        let badTXT = header + [0, 0, 16, 0, 1, 0, 0, 0, 10, 0, 2, 5, 0x61]
        #expect(throws: DNSError.badRecordData) { try DNSMessage.decode(badTXT) }
        // A PTR whose name runs past its data length.
        let badPTR = header + [0, 0, 12, 0, 1, 0, 0, 0, 10, 0, 1, 1, 0x61, 0]
        #expect(throws: DNSError.badRecordData) { try DNSMessage.decode(badPTR) }
        // A data length beyond the packet.
        let overrun = header + [0, 0, 1, 0, 1, 0, 0, 0, 10, 0xFF, 0xFF, 1, 2, 3, 4]
        #expect(throws: DNSError.truncated) { try DNSMessage.decode(overrun) }
    }

    @Test func thousandsOfMutatedPacketsNeverTrap() throws {
        let original = try Self.sample.encoded()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_003)
        }
        var decoded = 0
        for _ in 0..<6000 {
            var packet = original
            for _ in 0..<(1 + next() % 6) { packet[next() % packet.count] = UInt8(truncatingIfNeeded: next()) }
            if next() % 4 == 0 { packet = Array(packet.prefix(next() % packet.count)) }
            if (try? DNSMessage.decode(packet)) != nil { decoded += 1 }
        }
        // Some mutations still decode (a changed TTL), most do not; neither traps.
        #expect(decoded > 0 && decoded < 6000)
    }

    /// Inputs .ci/fuzz.sh found: TXT records with no data at all, which read back differently once written.
    static let fuzzerFindings: [[UInt8]] = [
        [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
         0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x00],
        [0x02, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x1c, 0x20,
         0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0x07, 0x2f],
    ]

    @Test(arguments: fuzzerFindings)
    func anEmptyTXTRecordReadsBackTheSameOnceWritten(packet: [UInt8]) throws {
        let message = try DNSMessage.decode(packet)
        #expect(message.allRecords.contains { $0.data == .text([[]]) })
        #expect(try DNSMessage.decode(try message.encoded()) == message)
    }
}
