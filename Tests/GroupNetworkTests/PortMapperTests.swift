// PortMapperTests: the mapping's life against a scripted gateway — PCP granted, renewed at half-life and
// deleted; a NAT-PMP router answering in NAT-PMP; refusal; silence; ICMP; a renewal refused.
import GroupNetwork
import Testing

@Suite("Port mapper")
struct PortMapperTests {
    static let nonce: [UInt8] = Array(21...32)
    static func mapper() -> PortMapper {
        PortMapper(internalPort: 7070, clientAddress: IPAddress(v4: 10, 77, 0, 2), nonce: nonce)
    }

    /// A PCP gateway's answer to `request`.
    static func pcpAnswer(to request: [UInt8], result: UInt8 = 0, lifetime: UInt32 = 10, port: UInt16 = 7070) -> [UInt8] {
        var bytes: [UInt8] = [2, 0x81, 0, result]
        bytes += [UInt8(lifetime >> 24), UInt8(lifetime >> 16 & 0xFF), UInt8(lifetime >> 8 & 0xFF), UInt8(lifetime & 0xFF)]
        bytes += [0, 0, 0, 1] + [UInt8](repeating: 0, count: 12)
        bytes += Array(request[24..<40]) + [0x1B, 0x9E, UInt8(port >> 8), UInt8(port & 0xFF)]
        bytes += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 198, 51, 100, 7]
        return bytes
    }

    @Test func pcpGrantedRenewedAtHalfLifeAndDeleted() throws {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        let first = mapper.takePackets()
        #expect(first.count == 1 && first[0].count == 60 && first[0][0] == 2)
        mapper.receive(Self.pcpAnswer(to: first[0]), now: 40)
        let mapping = PortMapper.Mapping(flavor: .pcp, externalAddress: IPAddress(v4: 198, 51, 100, 7), externalPort: 7070, lifetime: 10)
        #expect(mapper.takeEvents() == [.mapped(mapping)])
        #expect(mapper.nextDeadline == 5040)
        mapper.advance(now: 5040)
        let renewal = mapper.takePackets()
        #expect(renewal.count == 1 && Array(renewal[0][24..<36]) == Self.nonce)
        mapper.receive(Self.pcpAnswer(to: renewal[0]), now: 5050)
        #expect(mapper.takeEvents() == [.renewed(mapping)])
        mapper.stop(now: 6000)
        let deletion = mapper.takePackets()
        #expect(deletion.count == 1 && Array(deletion[0][4..<8]) == [0, 0, 0, 0])
        mapper.receive(Self.pcpAnswer(to: deletion[0], lifetime: 0), now: 6010)
        #expect(mapper.takeEvents() == [.deleted(confirmed: true)])
        #expect(mapper.isFinished)
    }

    @Test func aNATPMPRouterIsAskedInNATPMP() throws {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        _ = mapper.takePackets()
        mapper.receive([0, 129, 0, 1, 0, 0, 0, 1], now: 5)  // "unsupported version"
        let asked = mapper.takePackets()
        #expect(asked == [[0, 0], NATPMP.mapTCPRequest(internalPort: 7070, suggestedExternalPort: 7070, lifetime: 7200)])
        mapper.receive([0, 130, 0, 0, 0, 0, 0, 1, 0x1B, 0x9E, 0x1B, 0x9E, 0, 0, 0, 20], now: 10)
        #expect(mapper.takeEvents().isEmpty)  // the address is still missing
        mapper.receive([0, 128, 0, 0, 0, 0, 0, 1, 198, 51, 100, 7], now: 11)
        #expect(mapper.takeEvents() == [.mapped(.init(flavor: .natpmp, externalAddress: IPAddress(v4: 198, 51, 100, 7), externalPort: 7070, lifetime: 20))])
        mapper.stop(now: 100)
        #expect(mapper.takePackets() == [NATPMP.mapTCPRequest(internalPort: 7070, suggestedExternalPort: 0, lifetime: 0)])
        mapper.receive([0, 130, 0, 0, 0, 0, 0, 1, 0x1B, 0x9E, 0, 0, 0, 0, 0, 0], now: 110)
        #expect(mapper.takeEvents() == [.deleted(confirmed: true)])
    }

    @Test func aRefusalIsReportedWithItsReason() {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        let request = mapper.takePackets()[0]
        mapper.receive(Self.pcpAnswer(to: request, result: 2, lifetime: 0), now: 10)
        #expect(mapper.takeEvents() == [.refused(.pcp, PCP.describe(result: 2))])
        #expect(mapper.isFinished)
        mapper.stop(now: 20)
        #expect(mapper.takePackets().isEmpty)
    }

    @Test func silenceGivesUpAfterFiveTriesInAbout8Seconds() {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        var sends: [Int64] = [0]
        _ = mapper.takePackets()
        while let next = mapper.nextDeadline {
            mapper.advance(now: next)
            if !mapper.takePackets().isEmpty { sends.append(next) }
        }
        #expect(sends == [0, 250, 750, 1750, 3750])
        #expect(mapper.takeEvents() == [.noAnswer])
    }

    @Test func answersForAnotherNonceOrPortAreIgnored() {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        var request = mapper.takePackets()[0]
        request[24] ^= 0xFF
        mapper.receive(Self.pcpAnswer(to: request), now: 10)
        mapper.receive([1, 2, 3], now: 11)
        #expect(mapper.takeEvents().isEmpty)
    }

    @Test func anUnreachableGatewayIsReportedAtOnce() {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        mapper.unreachable(now: 3)
        #expect(mapper.takeEvents() == [.unreachable])
    }

    @Test func aRefusedRenewalLosesTheMapping() {
        var mapper = Self.mapper()
        mapper.start(now: 0)
        mapper.receive(Self.pcpAnswer(to: mapper.takePackets()[0]), now: 10)
        _ = mapper.takeEvents()
        mapper.advance(now: mapper.nextDeadline!)
        mapper.receive(Self.pcpAnswer(to: mapper.takePackets()[0], result: 2, lifetime: 0), now: 5100)
        guard case .lost? = mapper.takeEvents().first else { Issue.record("not lost"); return }
    }
}
