// MDNSResponder: the multicast DNS responder of one group (RFC 6762), as a state machine — packets and the
// time go in, packets to send come out. It probes for its names, announces, answers queries (one packet per
// query, rate-limited), defends and renames on conflicts, and says goodbye.

/// The responder. It does no I/O and reads no clock: the caller feeds it received packets with ``receive(_:from:port:link:now:)``,
/// calls ``advance(now:)`` when ``nextDeadline`` passes, and sends what ``takePackets()`` returns.
///
/// The life of its names (RFC 6762 §8): three probes 250 ms apart ask whether anyone holds the instance and
/// host names; a conflicting answer picks the next name (`Study group (2)`); then two announcements one second
/// apart; from then on it answers and defends; ``stop(now:)`` sends every record again with a time to live of 0.
public struct MDNSResponder: Sendable {
    /// The mDNS port.
    public static let port: UInt16 = 5353
    /// The IPv4 group.
    public static let ipv4Group = IPAddress(v4: 224, 0, 0, 251)
    /// The IPv6 group (link-local scope).
    public static let ipv6Group = IPAddress("ff02::fb")!

    /// Things the owner should hear about.
    public enum Note: Equatable, Sendable {
        /// Another group on the network already uses the name: this one is announced as `name` instead.
        case renamed(String)
        /// So many conflicts that announcing stopped.
        case gaveUp
    }

    enum Phase: Equatable {
        case idle
        case probing(sent: Int, next: Int64)
        case announcing(sent: Int, next: Int64)
        case announced
        case stopped
        case gaveUp
    }

    /// A response waiting for its random delay (answers made only of shared records, RFC 6762 §6).
    struct Delayed {
        let due: Int64
        let link: UInt32
        let ipv6: Bool
        var answers: [DNSRecord]
    }

    /// What the 1 s rule is counted by: a record on one link and family.
    struct MulticastKey: Hashable {
        let link: UInt32
        let ipv6: Bool
        let record: DNSRecord
    }

    // MARK: - Budgets

    /// Probes and announcements: how many, how far apart.
    static let probeCount = 3
    static let probeIntervalMillis: Int64 = 250
    static let announcementCount = 2
    static let announcementIntervalMillis: Int64 = 1000
    /// A record is multicast on a link at most once a second (a quarter second when defending against a probe).
    static let multicastIntervalMillis: Int64 = 1000
    static let probeDefenseIntervalMillis: Int64 = 250
    /// Every answer, all queriers together: 20 a second, bursts of 20.
    static let answersPerSecond = 20.0
    /// Direct (unicast) answers to one querier: 2 a second, bursts of 4; at most 64 queriers remembered.
    static let unicastPerSourcePerSecond = 2.0
    static let unicastBurst = 4.0
    static let maxRememberedSources = 64
    /// At most this many delayed answers wait at once (one per link and family).
    static let maxDelayed = 32
    /// Renaming stops after this many conflicts.
    static let maxAttempts = 100
    /// Legacy unicast answers carry a time to live of at most 10 s (RFC 6762 §6.7).
    static let legacyTTL: UInt32 = 10

    // MARK: - State

    /// What is announced.
    public private(set) var advert: GroupAdvert
    var links: [MDNSLink]
    var phase = Phase.idle
    var instanceAttempt = 1
    var hostAttempt = 1
    var conflictTimes: [Int64] = []
    var lastMulticast: [MulticastKey: Int64] = [:]
    var delayed: [Delayed] = []
    var budget: TokenBucket
    var perSource: [IPAddress: TokenBucket] = [:]
    var random: UInt64
    var outbox: [MDNSPacket] = []
    var notes: [Note] = []

    /// Creates a responder for `advert` on `links`; `seed` drives the random delays (RFC 6762 asks for them).
    public init(advert: GroupAdvert, links: [MDNSLink], seed: UInt64, now: Int64) {
        self.advert = advert
        self.links = links
        random = seed | 1
        budget = TokenBucket(ratePerSecond: Self.answersPerSecond, burst: Self.answersPerSecond, now: now)
    }

    /// The instance name currently claimed (`Study group._groupchat._tcp.local`).
    public var instanceName: DNSName { GroupAdvert.serviceType.prepending(advert.instanceLabel(attempt: instanceAttempt)) }
    /// The host name currently claimed.
    public var hostName: DNSName { advert.hostName(attempt: hostAttempt) }
    /// Whether the names are claimed and answered for.
    public var isAnnounced: Bool {
        switch phase {
        case .announcing, .announced: return true
        default: return false
        }
    }

    /// The indexes of the interfaces it serves.
    public var linkIndexes: [UInt32] { links.map(\.index) }

    /// When ``advance(now:)`` has work next, or nil.
    public var nextDeadline: Int64? {
        var next = delayed.map(\.due).min()
        switch phase {
        case .probing(_, let at), .announcing(_, let at): next = min(next ?? at, at)
        default: break
        }
        return next
    }

    /// Packets to send now, in order.
    public mutating func takePackets() -> [MDNSPacket] {
        defer { outbox.removeAll() }
        return outbox
    }

    /// Notes for the owner since the last call.
    public mutating func takeNotes() -> [Note] {
        defer { notes.removeAll() }
        return notes
    }

    // MARK: - Life

    /// Starts probing, after a random 0–250 ms (RFC 6762 §8.1).
    public mutating func start(now: Int64) {
        guard phase == .idle else { return }
        phase = .probing(sent: 0, next: now + Int64(nextRandom(below: 250)))
    }

    /// Does what is due: the next probe or announcement, delayed answers.
    public mutating func advance(now: Int64) {
        switch phase {
        case .probing(let sent, let next) where now >= next:
            if sent < Self.probeCount {
                for link in links { for ipv6 in link.families { sendProbe(on: link, ipv6: ipv6) } }
                phase = .probing(sent: sent + 1, next: now + Self.probeIntervalMillis)
            } else {
                phase = .announcing(sent: 0, next: now)
                advance(now: now)
                return
            }
        case .announcing(let sent, let next) where now >= next:
            for link in links { for ipv6 in link.families { announce(on: link, ipv6: ipv6, now: now) } }
            phase = sent + 1 < Self.announcementCount
                ? .announcing(sent: sent + 1, next: now + Self.announcementIntervalMillis) : .announced
        default: break
        }
        let due = delayed.filter { $0.due <= now }
        delayed.removeAll { $0.due <= now }
        for response in due {
            guard let link = links.first(where: { $0.index == response.link }) else { continue }
            sendMulticast(response.answers, on: link, ipv6: response.ipv6, now: now)
        }
    }

    /// Sends every announced record with a time to live of 0 on every link (RFC 6762 §10.1) and stops.
    public mutating func stop(now: Int64) {
        if isAnnounced {
            for link in links {
                let goodbye = records(on: link).all.map { $0.with(ttl: 0) }
                for ipv6 in link.families { send(DNSMessage(flags: responseFlags, answers: goodbye), to: .multicast(link: link.index, ipv6: ipv6)) }
            }
        }
        phase = .stopped
        delayed.removeAll()
    }

    /// Takes a new advert. A new group name says goodbye to the old instance and probes for the new one;
    /// other changes are announced again.
    public mutating func update(advert new: GroupAdvert, now: Int64) {
        guard new != advert else { return }
        let renamed = new.groupName != advert.groupName
        if renamed && isAnnounced {
            for link in links {
                let old = records(on: link)
                let goodbye = [old.servicePointer, old.service, old.text].map { $0.with(ttl: 0) }
                for ipv6 in link.families { send(DNSMessage(flags: responseFlags, answers: goodbye), to: .multicast(link: link.index, ipv6: ipv6)) }
            }
        }
        advert = new
        if renamed {
            instanceAttempt = 1
            if phase != .stopped && phase != .idle { phase = .probing(sent: 0, next: now) }
        } else if isAnnounced {
            phase = .announcing(sent: 0, next: now)
        }
    }

    /// Takes the links as they are now (an address came or went); changed addresses are announced again.
    public mutating func update(links new: [MDNSLink], now: Int64) {
        guard new != links else { return }
        links = new
        if isAnnounced { phase = .announcing(sent: 0, next: now) }
    }

    // MARK: - Records

    /// The records announced on `link`.
    func records(on link: MDNSLink) -> AdvertRecords {
        let addresses = link.addresses.filter { $0.isStable && !$0.address.isIPv4Mapped }.map(\.address)
        return AdvertRecords(advert, instanceAttempt: instanceAttempt, hostAttempt: hostAttempt, addresses: addresses)
    }

    var responseFlags: UInt16 { DNSMessage.responseFlag | DNSMessage.authoritativeFlag }

    private mutating func sendProbe(on link: MDNSLink, ipv6: Bool) {
        let records = records(on: link)
        let probe = DNSMessage(
            questions: [
                DNSQuestion(name: records.instance, type: .any, unicastResponse: true),
                DNSQuestion(name: records.host, type: .any, unicastResponse: true),
            ],
            authorities: records.unique.map { var plain = $0; plain.cacheFlush = false; return plain })
        send(probe, to: .multicast(link: link.index, ipv6: ipv6))
    }

    private mutating func announce(on link: MDNSLink, ipv6: Bool, now: Int64) {
        let all = records(on: link).all
        send(DNSMessage(flags: responseFlags, answers: all), to: .multicast(link: link.index, ipv6: ipv6))
        for record in all { lastMulticast[MulticastKey(link: link.index, ipv6: ipv6, record: record)] = now }
    }

    /// Multicasts `answers` (with what goes with them) on one link, leaving out records sent there within the
    /// last `interval`.
    mutating func sendMulticast(_ answers: [DNSRecord], on link: MDNSLink, ipv6: Bool, now: Int64, interval: Int64 = multicastIntervalMillis) {
        let fresh = answers.filter { record in
            guard let last = lastMulticast[MulticastKey(link: link.index, ipv6: ipv6, record: record)] else { return true }
            return now - last >= interval
        }
        guard !fresh.isEmpty else { return }
        if lastMulticast.count > 512 { lastMulticast = lastMulticast.filter { now - $0.value < Self.multicastIntervalMillis } }
        for record in fresh { lastMulticast[MulticastKey(link: link.index, ipv6: ipv6, record: record)] = now }
        let additionals = records(on: link).additionals(for: fresh)
        send(DNSMessage(flags: responseFlags, answers: fresh, additionals: additionals), to: .multicast(link: link.index, ipv6: ipv6))
    }

    mutating func send(_ message: DNSMessage, to destination: MDNSDestination) {
        // Our own records always encode (names are checked when built); a failure would only lose this packet.
        guard let bytes = try? message.encoded() else { return }
        outbox.append(MDNSPacket(bytes: bytes, destination: destination))
    }

    /// A pseudo-random number below `bound` (xorshift; only for spreading packets in time).
    mutating func nextRandom(below bound: UInt64) -> UInt64 {
        random ^= random << 13
        random ^= random >> 7
        random ^= random << 17
        return bound == 0 ? 0 : random % bound
    }
}
