// ReachableAddressesTests: which addresses groupd offers members, best first; and the /proc/net parsers.
import GroupNetwork
import Testing

@Suite("Reachable addresses")
struct ReachableAddressesTests {
    static let interfaces = [
        InterfaceAddress(interface: "lo", index: 1, address: IPAddress(v4: 127, 0, 0, 1), prefixLength: 8),
        InterfaceAddress(interface: "lo", index: 1, address: IPAddress("::1")!, prefixLength: 128),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress(v4: 192, 168, 1, 20), prefixLength: 24),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("fe80::20")!, prefixLength: 64),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("fd00::20")!, prefixLength: 64),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("2001:db8::20")!, prefixLength: 64),
        InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("2001:db8::99")!, prefixLength: 64, isTemporary: true),
        InterfaceAddress(interface: "eth1", index: 3, address: IPAddress(v4: 10, 0, 0, 5), prefixLength: 8, isUp: false),
    ]

    @Test func dualStackOffersGlobalIPv6ThenLANThenMapped() {
        let ranked = ReachableAddresses.rank(
            listening: .anyV6, port: 7070, interfaces: Self.interfaces, mapped: (IPAddress(v4: 203, 0, 113, 7), 7070))
        #expect(ranked.map(\.text) == ["[2001:db8::20]:7070", "192.168.1.20:7070", "[fd00::20]:7070", "203.0.113.7:7070"])
        #expect(ranked.map(\.kind) == [.globalIPv6, .localIPv4, .localIPv6, .mapped])
    }

    @Test func ipv4OnlyOffersIPv4() {
        let ranked = ReachableAddresses.rank(listening: .anyV4, port: 7070, interfaces: Self.interfaces)
        #expect(ranked.map(\.text) == ["192.168.1.20:7070"])
    }

    @Test func aBoundOrLoopbackAddressIsTheOnlyOne() {
        #expect(ReachableAddresses.rank(listening: IPAddress(v4: 127, 0, 0, 1), port: 1, interfaces: Self.interfaces,
            mapped: (IPAddress(v4: 203, 0, 113, 7), 1)).map(\.kind) == [.thisMachine])
        #expect(ReachableAddresses.rank(listening: IPAddress(v4: 192, 168, 1, 20), port: 1, interfaces: Self.interfaces).map(\.kind) == [.bound])
    }

    @Test func nothingButLoopbackOffersThisMachine() {
        let ranked = ReachableAddresses.rank(listening: .anyV6, port: 7070, interfaces: Array(Self.interfaces.prefix(2)))
        #expect(ranked.map(\.text) == ["[::1]:7070"])
        #expect(ranked[0].reach == "from this machine only")
    }

    @Test func aMappedPrivateAddressIsFlagged() {
        let ranked = ReachableAddresses.rank(listening: .anyV4, port: 7070, interfaces: [], mapped: (IPAddress(v4: 100, 64, 3, 4), 7070))
        #expect(ranked.first?.reach.contains("another NAT") == true)
    }

    @Test func readsTheDefaultGateway() throws {
        let route = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
            eth0\t00000000\t01004D0A\t0003\t0\t0\t100\t00000000\t0\t0\t0
            """
        let found = try #require(ProcNetText.defaultGateway(route: route))
        #expect(found.gateway == IPAddress(v4: 10, 77, 0, 1) && found.interface == "eth0")
        #expect(ProcNetText.defaultGateway(route: "Iface\tDestination\n") == nil)
        #expect(ProcNetText.defaultGateway(route: "x\nbroken line\n\t\t\n") == nil)
    }

    @Test func readsIPv6AddressFlags() {
        let text = """
            fd000000000000000000000000000002 04 40 00 82     eth0
            20010db8000000000000000000000099 04 40 00 01     eth0
            20010db8000000000000000000000098 04 40 00 a0     eth0
            garbage
            """
        let flags = ProcNetText.ipv6Flags(ifInet6: text)
        #expect(flags[IPAddress("fd00::2")!]! == (false, false))
        #expect(flags[IPAddress("2001:db8::99")!]! == (true, false))
        #expect(flags[IPAddress("2001:db8::98")!]! == (false, true))
        #expect(flags.count == 3)
    }
}
