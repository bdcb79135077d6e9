// PortMappingCodecTests: NAT-PMP and PCP messages byte for byte, and answers that are short, long or hostile.
import GroupNetwork
import Testing

@Suite("NAT-PMP and PCP codecs")
struct PortMappingCodecTests {
    static let nonce: [UInt8] = Array(1...12)

    @Test func natpmpRequestsAreByteExact() {
        #expect(NATPMP.externalAddressRequest() == [0, 0])
        #expect(NATPMP.mapTCPRequest(internalPort: 7070, suggestedExternalPort: 7070, lifetime: 7200)
            == [0, 2, 0, 0, 0x1B, 0x9E, 0x1B, 0x9E, 0, 0, 0x1C, 0x20])
        // Deleting: lifetime 0 and suggested external port 0.
        #expect(NATPMP.mapTCPRequest(internalPort: 7070, suggestedExternalPort: 7070, lifetime: 0)
            == [0, 2, 0, 0, 0x1B, 0x9E, 0, 0, 0, 0, 0, 0])
    }

    @Test func natpmpAnswersAreRead() throws {
        #expect(try NATPMP.decode([0, 128, 0, 0, 0, 0, 0, 5, 198, 51, 100, 7]) == .externalAddress(epoch: 5, address: IPAddress(v4: 198, 51, 100, 7)))
        #expect(try NATPMP.decode([0, 130, 0, 0, 0, 0, 0, 5, 0x1B, 0x9E, 0x1F, 0x90, 0, 0, 0x1C, 0x20])
            == .mapping(epoch: 5, internalPort: 7070, externalPort: 8080, lifetime: 7200))
        // An error answer may stop after its result code.
        #expect(try NATPMP.decode([0, 129, 0, 1]) == .failure(opcode: 1, result: 1))
        #expect(try NATPMP.decode([0, 130, 0, 2, 0, 0, 0, 5]) == .failure(opcode: 2, result: 2))
        #expect(throws: PortMappingPacketError.notAResponse) { try NATPMP.decode([0, 2, 0, 0]) }
        #expect(throws: PortMappingPacketError.wrongVersion(2)) { try NATPMP.decode([2, 129, 0, 0]) }
        let full: [UInt8] = [0, 130, 0, 0, 0, 0, 0, 5, 0x1B, 0x9E, 0x1F, 0x90, 0, 0, 0x1C, 0x20]
        for length in 0..<full.count {
            #expect(throws: PortMappingPacketError.truncated) { try NATPMP.decode(Array(full.prefix(length))) }
        }
    }

    static let request = PCP.MapRequest(
        lifetime: 7200, clientAddress: IPAddress(v4: 10, 77, 0, 2), nonce: nonce, internalPort: 7070, suggestedExternalPort: 7070)

    @Test func aPCPMapRequestIsByteExact() {
        let bytes = Self.request.encoded()
        #expect(bytes.count == 60)
        #expect(Array(bytes[0..<8]) == [2, 1, 0, 0, 0, 0, 0x1C, 0x20])
        #expect(Array(bytes[8..<24]) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 77, 0, 2])
        #expect(Array(bytes[24..<36]) == Self.nonce)
        #expect(Array(bytes[36..<44]) == [6, 0, 0, 0, 0x1B, 0x9E, 0x1B, 0x9E])
        #expect(Array(bytes[44..<60]) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0])
    }

    static func answer(result: UInt8 = 0, lifetime: UInt32 = 3600, nonce: [UInt8] = nonce, options: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = [2, 0x81, 0, result]
        bytes += [UInt8(lifetime >> 24), UInt8(lifetime >> 16 & 0xFF), UInt8(lifetime >> 8 & 0xFF), UInt8(lifetime & 0xFF)]
        bytes += [0, 0, 0, 9] + [UInt8](repeating: 0, count: 12)
        bytes += nonce + [6, 0, 0, 0, 0x1B, 0x9E, 0x1F, 0x90]
        bytes += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 198, 51, 100, 7]
        return bytes + options
    }

    @Test func aPCPMapAnswerIsRead() throws {
        guard case .map(let answer) = try PCP.decode(Self.answer()) else { Issue.record("not a MAP answer"); return }
        #expect(answer.result == 0 && answer.lifetime == 3600 && answer.epoch == 9 && answer.nonce == Self.nonce)
        #expect(answer.internalPort == 7070 && answer.externalPort == 8080)
        #expect(answer.externalAddress == IPAddress(v4: 198, 51, 100, 7))
        // With a well-formed option (code, reserved, length 4, data).
        #expect((try? PCP.decode(Self.answer(options: [1, 0, 0, 4, 1, 2, 3, 4]))) != nil)
    }

    @Test func hostilePCPAnswersAreRefused() throws {
        let full = Self.answer()
        for length in 24..<full.count {
            #expect(throws: PortMappingPacketError.self) { try PCP.decode(Array(full.prefix(length))) }
        }
        for length in 0..<24 {
            #expect(throws: PortMappingPacketError.truncated) { try PCP.decode(Array(full.prefix(length))) }
        }
        // An option claiming more bytes than there are; a packet over 1100 bytes; a request.
        #expect(throws: PortMappingPacketError.badLength) { try PCP.decode(Self.answer(options: [1, 0, 0xFF, 0xFF])) }
        #expect(throws: PortMappingPacketError.badLength) { try PCP.decode(Self.answer(options: [UInt8](repeating: 0, count: 1100))) }
        #expect(throws: PortMappingPacketError.notAResponse) { try PCP.decode(Self.request.encoded()) }
        // A header-only error answer.
        #expect(try PCP.decode(Array(Self.answer(result: 2).prefix(24))) == .failure(opcode: 1, result: 2))
    }
}
