// LocalGroupBrowserTests: groupctl discover's side — groups assembled from the responder's answers, goodbyes
// removing them, and hostile answers kept within bounds.
import GroupNetwork
import Testing

@Suite("Local group browser")
struct LocalGroupBrowserTests {
    static func answer(from advert: GroupAdvert, address: IPAddress, ttl: UInt32? = nil) throws -> [UInt8] {
        let link = MDNSLink(
            index: 1, addresses: [InterfaceAddress(interface: "veth0", index: 1, address: address, prefixLength: 24)],
            ipv4: true, ipv6: false)
        var responder = MDNSResponder(advert: advert, links: [link], seed: 3, now: 0)
        responder.start(now: 0)
        var now: Int64 = 0
        while let next = responder.nextDeadline {
            now = next
            responder.advance(now: now)
        }
        _ = responder.takePackets()
        responder.receive(LocalGroupBrowser.query(id: 9), from: IPAddress(v4: 10, 0, 0, 9), port: 50_000, link: 1, now: now + 5000)
        if ttl == 0 {
            responder.stop(now: now + 6000)
            return responder.takePackets().last!.bytes
        }
        return try #require(responder.takePackets().first).bytes
    }

    static let study = GroupAdvert(groupName: "Study group", owner: "olga", port: 7070, fingerprint: "SHA256:abc", protocolVersion: 1, hostLabel: "a-groupchat-7070")
    static let night = GroupAdvert(groupName: "Night owls", owner: "bob", port: 7171, fingerprint: nil, protocolVersion: 1, hostLabel: "b-groupchat-7171")

    @Test func assemblesGroupsFromAnswers() throws {
        var browser = LocalGroupBrowser()
        browser.receive(try Self.answer(from: Self.study, address: IPAddress(v4: 10, 0, 0, 1)), from: IPAddress(v4: 10, 0, 0, 1), zone: "veth1")
        browser.receive(try Self.answer(from: Self.night, address: IPAddress(v4: 10, 0, 0, 2)), from: IPAddress(v4: 10, 0, 0, 2), zone: "veth1")
        let groups = browser.groups
        #expect(groups.map(\.name) == ["Night owls", "Study group"])
        #expect(groups[1].owner == "olga" && groups[1].fingerprint == "SHA256:abc" && groups[1].protocolVersion == 1)
        #expect(groups[1].addressText == "10.0.0.1:7070")
        #expect(groups[0].plaintext && groups[0].fingerprint == nil && groups[0].addressText == "10.0.0.2:7171")
    }

    @Test func aGoodbyeRemovesTheGroup() throws {
        var browser = LocalGroupBrowser()
        let address = IPAddress(v4: 10, 0, 0, 1)
        browser.receive(try Self.answer(from: Self.study, address: address), from: address, zone: nil)
        #expect(browser.groups.count == 1)
        browser.receive(try Self.answer(from: Self.study, address: address, ttl: 0), from: address, zone: nil)
        #expect(browser.groups.isEmpty)
    }

    @Test func aHostHeardOverBothFamiliesIsListedByItsIPv4AddressWhicheverAnsweredFirst() throws {
        let v4 = IPAddress(v4: 10, 0, 0, 1)
        let v6 = IPAddress("2001:db8::1")!
        let instance = GroupAdvert.serviceType.prepending(Array("study".utf8))
        let host = DNSName("olga-pc.local")
        let packet = try DNSMessage(flags: DNSMessage.responseFlag, answers: [
            DNSRecord(name: GroupAdvert.serviceType, ttl: 100, data: .pointer(instance)),
            DNSRecord(name: instance, ttl: 100, data: .service(priority: 0, weight: 0, port: 7070, target: host)),
            DNSRecord(name: instance, ttl: 100, data: .text([Array("name=Study".utf8)])),
            DNSRecord(name: host, ttl: 100, data: .address(v4)),
            DNSRecord(name: host, ttl: 100, data: .address(v6)),
        ]).encoded()
        for order in [[v6, v4], [v4, v6]] {
            var browser = LocalGroupBrowser()
            for sender in order { browser.receive(packet, from: sender, zone: nil) }
            #expect(browser.groups.map(\.address) == [v4], "heard from \(order)")
        }
    }

    @Test func aLinkLocalSenderKeepsItsZone() {
        let announced = [IPAddress("fe80::1")!]
        let (address, zone) = LocalGroupBrowser.bestAddress(announced, sender: (IPAddress("fe80::1")!, "eth0"))
        #expect(address == IPAddress("fe80::1") && zone == "eth0")
        let group = AnnouncedGroup(instance: "x", name: "x", owner: nil, protocolVersion: nil, fingerprint: nil, plaintext: false,
            address: address, zone: zone, port: 7070)
        #expect(group.addressText == "[fe80::1%eth0]:7070")
    }

    @Test func aFloodOfInstancesIsBounded() throws {
        var browser = LocalGroupBrowser()
        for index in 0..<400 {
            let instance = GroupAdvert.serviceType.prepending(Array("g\(index)".utf8))
            let packet = try DNSMessage(flags: DNSMessage.responseFlag, answers: [
                DNSRecord(name: GroupAdvert.serviceType, ttl: 100, data: .pointer(instance)),
                DNSRecord(name: instance, ttl: 100, data: .service(priority: 0, weight: 0, port: 1, target: DNSName("h.local"))),
                DNSRecord(name: instance, ttl: 100, data: .text([Array("name=g".utf8)])),
            ]).encoded()
            browser.receive(packet, from: IPAddress(v4: 10, 0, 0, 1), zone: nil)
        }
        #expect(browser.groups.count == 256)
    }
}
