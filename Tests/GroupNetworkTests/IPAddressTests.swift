// IPAddressTests: parsing and the canonical text (RFC 5952), IPv4-mapped addresses, kinds and prefixes.
import GroupNetwork
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test(arguments: [
        // RFC 5952's examples: lowercase, no leading zeros, the longest zero run compressed, the first on a tie,
        // a single zero group never compressed.
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8::0:1", "2001:db8::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1::", "1::"),
        ("fe80::0001:0002", "fe80::1:2"),
        ("::ffff:192.0.2.7", "::ffff:192.0.2.7"),
        ("::ffff:c000:0207", "::ffff:192.0.2.7"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("192.0.2.7", "192.0.2.7"),
        ("0.0.0.0", "0.0.0.0"),
    ])
    func canonicalText(input: String, canonical: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test(arguments: [
        "", ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1%eth0", "[::1]",
        "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "::1.2.3", "::1.2.3.4:5", "1:2:3:4:5:6:7:8::",
        "١.٢.٣.٤", "fe80::1:", ":fe80::1",
    ])
    func refusesWhatIsNotAnAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func aMappedAddressIsReportedAsPlainIPv4() throws {
        let mapped = try #require(IPAddress("::ffff:10.1.2.3"))
        #expect(mapped.isIPv4Mapped)
        #expect(mapped.unmapped == IPAddress(v4: 10, 1, 2, 3))
        #expect(mapped.unmapped.description == "10.1.2.3")
        #expect(IPAddress(v4: 10, 1, 2, 3).mapped == mapped)
        #expect(try #require(IPAddress("2001:db8::1")).unmapped.description == "2001:db8::1")
    }

    @Test func portsAreWrittenWithBracketsForIPv6() throws {
        #expect(try #require(IPAddress("2001:db8::5")).withPort(7070) == "[2001:db8::5]:7070")
        #expect(IPAddress(v4: 192, 168, 1, 20).withPort(7070) == "192.168.1.20:7070")
        #expect(IPAddress.anyV6.withPort(7070) == "[::]:7070")
    }

    @Test func kinds() throws {
        #expect(IPAddress(v4: 127, 0, 0, 1).isLoopback && IPAddress("::1")!.isLoopback)
        #expect(IPAddress(v4: 10, 0, 0, 1).isPrivateIPv4 && IPAddress(v4: 172, 31, 0, 1).isPrivateIPv4)
        #expect(!IPAddress(v4: 172, 32, 0, 1).isPrivateIPv4 && !IPAddress(v4: 8, 8, 8, 8).isPrivateIPv4)
        #expect(IPAddress(v4: 100, 64, 0, 1).isPrivateIPv4)
        #expect(IPAddress("fe80::1")!.isLinkLocal && IPAddress(v4: 169, 254, 3, 4).isLinkLocal)
        #expect(IPAddress("fd00::2")!.isUniqueLocal && !IPAddress("fd00::2")!.isGlobalIPv6)
        #expect(IPAddress("2001:db8::1")!.isGlobalIPv6)
        #expect(IPAddress("ff02::fb")!.isMulticast && IPAddress(v4: 224, 0, 0, 251).isMulticast)
    }

    @Test func prefixes() throws {
        let network = IPAddress(v4: 192, 168, 1, 20)
        #expect(network.contains(IPAddress(v4: 192, 168, 1, 200), prefixLength: 24))
        #expect(!network.contains(IPAddress(v4: 192, 168, 2, 1), prefixLength: 24))
        #expect(network.contains(IPAddress(v4: 192, 168, 1, 17), prefixLength: 28))
        #expect(!network.contains(IPAddress(v4: 192, 168, 1, 33), prefixLength: 28))
        #expect(!network.contains(IPAddress("::1")!, prefixLength: 0))
        let six = try #require(IPAddress("2001:db8:1:2::5"))
        #expect(six.contains(IPAddress("2001:db8:1:2:ffff::1")!, prefixLength: 64))
        #expect(!six.contains(IPAddress("2001:db8:1:3::1")!, prefixLength: 64))
    }
}
