// MDNSResponderTests: the responder's life — probe, announce, answer (multicast, one-shot, QU), the 1 s rule,
// known answers, delays, budgets, conflicts and goodbyes — by feeding packets and a clock, with no sockets.
import GroupNetwork
import Testing

@Suite("mDNS responder")
struct MDNSResponderTests {
    static let lan = MDNSLink(
        index: 2,
        addresses: [
            InterfaceAddress(interface: "eth0", index: 2, address: IPAddress(v4: 192, 168, 1, 20), prefixLength: 24),
            InterfaceAddress(interface: "eth0", index: 2, address: IPAddress("fe80::20")!, prefixLength: 64),
        ],
        ipv4: true, ipv6: true)
    static let advert = GroupAdvert(
        groupName: "Study group", owner: "olga", port: 7070, fingerprint: "SHA256:abc", protocolVersion: 1,
        hostLabel: "laptop-groupchat-7070")
    static let member = IPAddress(v4: 192, 168, 1, 33)

    /// A responder that has probed and announced, its packets so far taken.
    static func announced(now: inout Int64) -> MDNSResponder {
        var responder = MDNSResponder(advert: advert, links: [lan], seed: 7, now: now)
        responder.start(now: now)
        while let next = responder.nextDeadline {
            now = next
            responder.advance(now: now)
        }
        _ = responder.takePackets()
        now += 2000
        return responder
    }

    static func query(_ questions: [DNSQuestion], known: [DNSRecord] = [], id: UInt16 = 0) -> [UInt8] {
        try! DNSMessage(id: id, questions: questions, answers: known).encoded()
    }

    static let browse = DNSQuestion(name: GroupAdvert.serviceType, type: .ptr)

    @Test func probesThreeTimesThenAnnouncesTwice() throws {
        var responder = MDNSResponder(advert: Self.advert, links: [Self.lan], seed: 7, now: 0)
        responder.start(now: 0)
        var now: Int64 = 0
        var sent: [(Int64, DNSMessage)] = []
        for _ in 0..<20 {
            guard let next = responder.nextDeadline else { break }
            now = next
            responder.advance(now: now)
            sent += try responder.takePackets().map { (now, try DNSMessage.decode($0.bytes)) }
        }
        let probes = sent.filter { !$0.1.isResponse }
        let announcements = sent.filter { $0.1.isResponse }
        // Each on IPv4 and IPv6.
        #expect(probes.count == 6 && announcements.count == 4)
        #expect(probes.allSatisfy { $0.1.questions.allSatisfy(\.unicastResponse) && !$0.1.authorities.isEmpty })
        #expect(probes[2].0 - probes[0].0 == 250 && probes[4].0 - probes[2].0 == 250)
        #expect(announcements[2].0 - announcements[0].0 == 1000)
        #expect(responder.isAnnounced)
        let records = announcements[0].1.answers
        #expect(records.contains { $0.data == .pointer(responder.instanceName) && !$0.cacheFlush })
        #expect(records.contains { $0.data == .service(priority: 0, weight: 0, port: 7070, target: responder.hostName) && $0.cacheFlush })
        #expect(records.contains { $0.data == .address(IPAddress(v4: 192, 168, 1, 20)) })
        let text = try #require(records.compactMap { record -> TXTAttributes? in
            if case .text(let strings) = record.data { return TXTAttributes(strings: strings) }
            return nil
        }.first)
        #expect(text["name"] == "Study group" && text["owner"] == "olga" && text["proto"] == "1" && text["fp"] == "SHA256:abc")
    }

    @Test func answersABrowseWithOnePacketCarryingEverythingAfterADelay() throws {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        responder.receive(Self.query([Self.browse]), from: Self.member, port: 5353, link: 2, now: now)
        #expect(responder.takePackets().isEmpty)  // shared records wait 20-120 ms
        let due = try #require(responder.nextDeadline)
        #expect(due - now >= 20 && due - now <= 120)
        responder.advance(now: due)
        let packets = responder.takePackets()
        #expect(packets.count == 1)
        #expect(packets[0].destination == .multicast(link: 2, ipv6: false))
        let answer = try DNSMessage.decode(packets[0].bytes)
        #expect(answer.answers.map(\.type) == [.ptr])
        #expect(Set(answer.additionals.map(\.type)) == [.srv, .txt, .a, .aaaa])
        // Asked again within the second: the 1 s rule holds it back.
        responder.receive(Self.query([Self.browse]), from: Self.member, port: 5353, link: 2, now: due + 100)
        responder.advance(now: due + 300)
        #expect(responder.takePackets().isEmpty)
    }

    @Test func aOneShotQueryIsAnsweredStraightBackWithItsIdAndShortTTLs() throws {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        responder.receive(Self.query([Self.browse], id: 0xBEEF), from: Self.member, port: 40_000, link: 2, now: now)
        let packets = responder.takePackets()
        #expect(packets.count == 1)
        #expect(packets[0].destination == .unicast(Self.member, port: 40_000, link: 2))
        let answer = try DNSMessage.decode(packets[0].bytes)
        #expect(answer.id == 0xBEEF && answer.questions == [Self.browse])
        #expect(answer.allRecords.allSatisfy { $0.ttl <= 10 && !$0.cacheFlush })
    }

    @Test func knownAnswersAreNotRepeated() throws {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        let held = DNSRecord(name: GroupAdvert.serviceType, ttl: 4000, data: .pointer(responder.instanceName))
        responder.receive(Self.query([Self.browse], known: [held], id: 1), from: Self.member, port: 40_000, link: 2, now: now)
        #expect(responder.takePackets().isEmpty)
        // Half its life gone: answered again.
        responder.receive(Self.query([Self.browse], known: [held.with(ttl: 100)], id: 1), from: Self.member, port: 40_000, link: 2, now: now)
        #expect(responder.takePackets().count == 1)
    }

    @Test func sendersOffTheLinkAndOtherServicesGetNothing() {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        responder.receive(Self.query([Self.browse], id: 1), from: IPAddress(v4: 203, 0, 113, 9), port: 40_000, link: 2, now: now)
        responder.receive(Self.query([DNSQuestion(name: DNSName("_http._tcp.local"), type: .ptr)], id: 1), from: Self.member, port: 40_000, link: 2, now: now)
        responder.receive(Self.query([Self.browse], id: 1), from: Self.member, port: 40_000, link: 9, now: now)
        responder.receive([0, 1, 2], from: Self.member, port: 40_000, link: 2, now: now)
        #expect(responder.takePackets().isEmpty)
    }

    @Test func aFloodOfQueriesIsAnsweredWithinTheBudget() {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        var answered = 0
        for index in 0..<1000 {
            let source = IPAddress(v4: 192, 168, 1, UInt8(1 + index % 200))
            responder.receive(Self.query([Self.browse], id: UInt16(index)), from: source, port: 40_000, link: 2, now: now)
            answered += responder.takePackets().count
        }
        // 20 at once, however many queriers.
        #expect(answered == 20)
        // One querier alone: 4 at once.
        now += 10_000
        answered = 0
        for index in 0..<50 {
            responder.receive(Self.query([Self.browse], id: UInt16(index)), from: Self.member, port: 40_000, link: 2, now: now)
            answered += responder.takePackets().count
        }
        #expect(answered == 4)
    }

    @Test func aNameHeldByAnotherGroupIsRenamed() throws {
        var responder = MDNSResponder(advert: Self.advert, links: [Self.lan], seed: 7, now: 0)
        responder.start(now: 0)
        responder.advance(now: responder.nextDeadline!)
        _ = responder.takePackets()
        // Someone else's SRV for "Study group._groupchat._tcp.local".
        let other = DNSRecord(
            name: responder.instanceName, ttl: 120, cacheFlush: true,
            data: .service(priority: 0, weight: 0, port: 7171, target: DNSName("desk.local")))
        let answer = try DNSMessage(flags: DNSMessage.responseFlag, answers: [other]).encoded()
        responder.receive(answer, from: Self.member, port: 5353, link: 2, now: 100)
        #expect(responder.takeNotes() == [.renamed("Study group (2)")])
        #expect(responder.instanceName.labels[0] == Array("Study group (2)".utf8))
        #expect(!responder.isAnnounced)
    }

    @Test func ourOwnPacketsComingBackAreNoConflict() throws {
        var responder = MDNSResponder(advert: Self.advert, links: [Self.lan], seed: 7, now: 0)
        responder.start(now: 0)
        var now: Int64 = 0
        for _ in 0..<10 {
            guard let next = responder.nextDeadline else { break }
            now = next
            responder.advance(now: now)
            for packet in responder.takePackets() {
                responder.receive(packet.bytes, from: IPAddress(v4: 192, 168, 1, 20), port: 5353, link: 2, now: now)
            }
        }
        #expect(responder.takeNotes().isEmpty)
        #expect(responder.isAnnounced)
    }

    /// A probe from another host for our instance name, with our TXT and an SRV record for `port`.
    static func rivalProbe(for responder: MDNSResponder, port: UInt16) throws -> [UInt8] {
        let records = [
            DNSRecord(name: responder.instanceName, ttl: 120, data: .service(priority: 0, weight: 0, port: port, target: responder.hostName)),
            DNSRecord(name: responder.instanceName, ttl: 4500, data: .text(advert.attributes.strings)),
        ]
        return try DNSMessage(questions: [DNSQuestion(name: responder.instanceName, type: .any)], authorities: records).encoded()
    }

    @Test func aSimultaneousProbeWithLaterDataWins() throws {
        var responder = MDNSResponder(advert: Self.advert, links: [Self.lan], seed: 7, now: 0)
        responder.start(now: 0)
        responder.advance(now: responder.nextDeadline!)
        _ = responder.takePackets()
        // Records sort by class, type, then data: the TXT records are equal, their SRV port 9999 sorts after our
        // 7070. They win: we probe again a second later, under the same name.
        responder.receive(try Self.rivalProbe(for: responder, port: 9999), from: Self.member, port: 5353, link: 2, now: 300)
        #expect(responder.nextDeadline == 1300)
        #expect(responder.instanceName.labels[0] == Array("Study group".utf8))
        // Port 1 sorts before ours: we win, nothing changes.
        var winner = MDNSResponder(advert: Self.advert, links: [Self.lan], seed: 7, now: 0)
        winner.start(now: 0)
        winner.advance(now: winner.nextDeadline!)
        let before = winner.nextDeadline
        winner.receive(try Self.rivalProbe(for: winner, port: 1), from: Self.member, port: 5353, link: 2, now: 10)
        #expect(winner.nextDeadline == before)
        // Our own probe, heard back: equal, nothing changes.
        winner.receive(try Self.rivalProbe(for: winner, port: 7070), from: Self.member, port: 5353, link: 2, now: 10)
        #expect(winner.nextDeadline == before)
    }

    @Test func stoppingSaysGoodbyeWithEveryRecordAtTTLZero() throws {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        responder.stop(now: now)
        let packets = responder.takePackets()
        #expect(packets.count == 2)
        for packet in packets {
            let message = try DNSMessage.decode(packet.bytes)
            #expect(message.isResponse && !message.answers.isEmpty && message.answers.allSatisfy { $0.ttl == 0 })
        }
        responder.receive(Self.query([Self.browse], id: 1), from: Self.member, port: 40_000, link: 2, now: now)
        #expect(responder.takePackets().isEmpty)
    }

    @Test func aRenamedGroupSaysGoodbyeToTheOldNameAndProbesTheNew() throws {
        var now: Int64 = 0
        var responder = Self.announced(now: &now)
        var renamed = Self.advert
        renamed.groupName = "Night owls"
        responder.update(advert: renamed, now: now)
        let goodbye = try DNSMessage.decode(responder.takePackets()[0].bytes)
        #expect(goodbye.answers.allSatisfy { $0.ttl == 0 })
        #expect(goodbye.answers.contains { $0.name.labels.first == Array("Study group".utf8) })
        #expect(!responder.isAnnounced)
        #expect(responder.instanceName.labels[0] == Array("Night owls".utf8))
    }
}
