// NetworkReportTests: what groupd tells the owner about reaching the group — the join lines best first, and the
// port mapping's outcomes with what to do instead.
@testable import GroupServer
import GroupNetwork
import Testing

@Suite("Address report and port-mapping sentences")
struct NetworkReportTests {
    static let interfaces = [
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress(v4: 192, 168, 1, 20), prefixLength: 24),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("2001:db8::20")!, prefixLength: 64),
    ]

    @Test func joinLinesComeBestFirstWithTheTrustToUse() {
        var report = AddressReport(listening: .anyV6, port: 7070, trust: "--fingerprint SHA256:abc")
        report.announcement = "local network: announced"
        report.mapped = (IPAddress(v4: 203, 0, 113, 7), 7171)
        let lines = report.lines(Self.interfaces)
        #expect(lines[0] == "members join with (best first):")
        #expect(lines[1].hasPrefix("  groupctl join [2001:db8::20]:7070 --user NAME --fingerprint SHA256:abc"))
        #expect(lines[2].hasPrefix("  groupctl join 192.168.1.20:7070 --user NAME --fingerprint SHA256:abc"))
        #expect(lines[3].hasPrefix("  groupctl join 203.0.113.7:7171 --user NAME --fingerprint SHA256:abc"))
        #expect(lines[3].hasSuffix("(from across the internet, through the router)"))
        #expect(lines[4] == "local network: announced")
        // The notes line up in one column.
        #expect(Set(lines[1...3].map { $0.firstIndex(of: "(")!.utf16Offset(in: $0) }).count == 1)
        let plain = AddressReport(listening: .anyV4, port: 7070, trust: "--plaintext").lines(Self.interfaces)
        #expect(plain.count == 2 && plain[1].contains("groupctl join 192.168.1.20:7070 --user NAME --plaintext"))
    }

    static let sentences = PortMappingSentences(gateway: IPAddress(v4: 192, 168, 1, 1), localAddress: IPAddress(v4: 192, 168, 1, 20), port: 7070)

    @Test func everyOutcomeIsASentenceAndFailuresSayWhatToDoInstead() {
        let granted = PortMapper.Mapping(flavor: .pcp, externalAddress: IPAddress(v4: 203, 0, 113, 7), externalPort: 7070, lifetime: 7200)
        #expect(Self.sentences.describe(.mapped(granted))
            == "port mapping: the router at 192.168.1.1 forwards 203.0.113.7:7070 to this machine for 2 h (PCP); renewed before it expires, deleted when the group stops")
        #expect(Self.sentences.describe(.renewed(granted)) == "port mapping renewed: 203.0.113.7:7070 for 2 h")
        for failure: PortMapper.Event in [.refused(.natpmp, "not authorized"), .noAnswer, .unreachable, .lost("gone")] {
            #expect(Self.sentences.describe(failure).hasSuffix(Self.sentences.advice))
        }
        #expect(Self.sentences.advice.contains("forward TCP port 7070 to 192.168.1.20"))
        let cgnat = PortMapper.Mapping(flavor: .natpmp, externalAddress: IPAddress(v4: 100, 64, 0, 9), externalPort: 7070, lifetime: 90)
        #expect(Self.sentences.describe(.mapped(cgnat)).contains("another NAT in front of the router"))
        #expect(PortMappingSentences.duration(90) == "90 s" && PortMappingSentences.duration(600) == "10 min")
    }
}
