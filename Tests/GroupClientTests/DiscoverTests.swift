// DiscoverTests: how groupctl shows groups heard on the local network, and what it says about an announced
// fingerprint while the member confirms the one the server presents.
@testable import GroupClient
import GroupNetwork
import GroupTLS
import Testing

@Suite("Discover")
struct DiscoverTests {
    static let study = AnnouncedGroup(
        instance: "Study group", name: "Study group", owner: "olga", protocolVersion: 1, fingerprint: "SHA256:abc",
        plaintext: false, address: IPAddress(v4: 192, 168, 1, 20), zone: nil, port: 7070)
    static let night = AnnouncedGroup(
        instance: "Night owls", name: "Night owls", owner: "bob", protocolVersion: 9, fingerprint: nil, plaintext: true,
        address: IPAddress("fe80::1")!, zone: "eth0", port: 7171)

    @Test func theTableHasOneRowPerGroupInColumns() {
        let lines = Discover.table([Self.study, Self.night], numbered: false)
        #expect(lines[0].hasPrefix("NAME         OWNER  ADDRESS"))
        #expect(lines[1] == "Study group  olga   192.168.1.20:7070    SHA256:abc")
        #expect(lines[2] == "Night owls   bob    [fe80::1%eth0]:7171  TLS off (--plaintext) (protocol 9; this groupctl speaks 1)")
        let numbered = Discover.table([Self.study], numbered: true)
        #expect(numbered[1].hasPrefix("1)  Study group"))
    }

    @Test func anAnnouncedFingerprintIsShownNeverTrusted() throws {
        let presented = try #require(Fingerprint(parsing: "SHA256:" + String(repeating: "A", count: 43)))
        #expect(ServerTrust.announcement(nil, presented: presented) == "")
        #expect(ServerTrust.announcement(presented.description, presented: presented).contains("anyone there can announce anything"))
        let other = ServerTrust.announcement("SHA256:" + String(repeating: "B", count: 43), presented: presented)
        #expect(other.hasPrefix("WARNING: on the local network it announced another fingerprint"))
    }
}
