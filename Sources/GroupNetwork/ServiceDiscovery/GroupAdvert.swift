// GroupAdvert: what groupd tells the local network about its group, and the DNS-SD records that say it.

/// A group as announced with DNS-SD (RFC 6763): the service type `_groupchat._tcp.local`, an instance named
/// after the group, an SRV record with the port and a host name of its own, a TXT record with the group's
/// name, owner, protocol version and TLS fingerprint, and the host's addresses.
public struct GroupAdvert: Equatable, Sendable {
    /// The group's name.
    public var groupName: String
    /// The owner's username.
    public var owner: String
    /// The TCP port members connect to.
    public var port: UInt16
    /// The TLS fingerprint (`SHA256:...`), or nil when the group runs with `--plaintext`.
    public var fingerprint: String?
    /// The protocol version of the hello.
    public var protocolVersion: Int
    /// The first label of the host name (`laptop-groupchat-7070` for `laptop-groupchat-7070.local`).
    public var hostLabel: String

    /// The service type every group is announced under.
    public static let serviceType = DNSName("_groupchat._tcp.local")
    /// The DNS-SD meta-query name that lists service types (RFC 6763 §9).
    public static let serviceTypesName = DNSName("_services._dns-sd._udp.local")
    /// The TXT keys (RFC 6763 §6.4: short keys).
    public enum Key {
        /// The TXT record's format version.
        public static let version = "txtvers"
        /// The group's name.
        public static let name = "name"
        /// The owner's username.
        public static let owner = "owner"
        /// The protocol version.
        public static let protocolVersion = "proto"
        /// The TLS fingerprint.
        public static let fingerprint = "fp"
        /// `off` when the group runs without TLS.
        public static let tls = "tls"
    }
    /// Time to live of records naming the host (SRV, A, AAAA) and of the others (RFC 6762 §10).
    public static let hostTTL: UInt32 = 120
    /// Time to live of PTR and TXT records.
    public static let otherTTL: UInt32 = 4500

    /// Creates an advert.
    public init(groupName: String, owner: String, port: UInt16, fingerprint: String?, protocolVersion: Int, hostLabel: String) {
        self.groupName = groupName
        self.owner = owner
        self.port = port
        self.fingerprint = fingerprint
        self.protocolVersion = protocolVersion
        self.hostLabel = hostLabel
    }

    /// A host label for this machine: its host name reduced to letters, digits and hyphens, then
    /// `-groupchat-PORT`, so it never collides with the name the machine's own responder (Avahi) uses.
    public static func hostLabel(machine: String, port: UInt16) -> String {
        var base = String(machine.prefix { $0 != "." }.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while base.hasPrefix("-") { base.removeFirst() }
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty { base = "groupd" }
        return String(base.prefix(40)) + "-groupchat-\(port)"
    }

    /// The instance label: the group's name cut to fit 63 bytes, with ` (N)` when the name was taken and
    /// this is the Nth try (RFC 6762 §9).
    public func instanceLabel(attempt: Int) -> [UInt8] {
        let suffix = attempt > 1 ? Array(" (\(attempt))".utf8) : []
        let name = Array((groupName.isEmpty ? "groupchat" : groupName).utf8)
        return Array(TXTAttributes.prefix(of: name, fitting: DNSName.maxLabelLength - suffix.count)) + suffix
    }

    /// The host name for the given try: `LABEL.local`, then `LABEL-2.local`...
    public func hostName(attempt: Int) -> DNSName {
        DNSName(labels: [Array((attempt > 1 ? "\(hostLabel)-\(attempt)" : hostLabel).utf8), Array("local".utf8)])
    }

    /// The TXT attributes.
    public var attributes: TXTAttributes {
        var pairs = [(Key.version, "1"), (Key.name, groupName), (Key.owner, owner), (Key.protocolVersion, String(protocolVersion))]
        pairs.append(fingerprint.map { (Key.fingerprint, $0) } ?? (Key.tls, "off"))
        return TXTAttributes(pairs)
    }
}

/// The records of one advert on one link, under the names chosen by probing.
struct AdvertRecords {
    let instance: DNSName
    let host: DNSName
    let servicePointer: DNSRecord
    let serviceTypePointer: DNSRecord
    let service: DNSRecord
    let text: DNSRecord
    let addresses: [DNSRecord]

    /// At most this many addresses of each family go into the records of one link.
    static let maxAddressesPerFamily = 8

    init(_ advert: GroupAdvert, instanceAttempt: Int, hostAttempt: Int, addresses linkAddresses: [IPAddress]) {
        instance = GroupAdvert.serviceType.prepending(advert.instanceLabel(attempt: instanceAttempt))
        host = advert.hostName(attempt: hostAttempt)
        servicePointer = DNSRecord(name: GroupAdvert.serviceType, ttl: GroupAdvert.otherTTL, data: .pointer(instance))
        serviceTypePointer = DNSRecord(
            name: GroupAdvert.serviceTypesName, ttl: GroupAdvert.otherTTL, data: .pointer(GroupAdvert.serviceType))
        service = DNSRecord(
            name: instance, ttl: GroupAdvert.hostTTL, cacheFlush: true,
            data: .service(priority: 0, weight: 0, port: advert.port, target: host))
        text = DNSRecord(name: instance, ttl: GroupAdvert.otherTTL, cacheFlush: true, data: .text(advert.attributes.strings))
        let v4 = linkAddresses.filter(\.isV4).prefix(Self.maxAddressesPerFamily)
        let v6 = linkAddresses.filter { !$0.isV4 }.prefix(Self.maxAddressesPerFamily)
        let hostName = host
        addresses = (v4 + v6).map { DNSRecord(name: hostName, ttl: GroupAdvert.hostTTL, cacheFlush: true, data: .address($0)) }
    }

    /// Every record, shared ones first.
    var all: [DNSRecord] { [servicePointer, serviceTypePointer, service, text] + addresses }

    /// The records only this responder may hold (what probing claims).
    var unique: [DNSRecord] { [service, text] + addresses }

    /// What a querier needs beside `answers` (RFC 6763 §12): for the service pointer the SRV, TXT and
    /// addresses; for the SRV the addresses.
    func additionals(for answers: [DNSRecord]) -> [DNSRecord] {
        var wanted: [DNSRecord] = []
        if answers.contains(servicePointer) { wanted += [service, text] + addresses }
        if answers.contains(service) { wanted += addresses }
        var seen = Set(answers)
        return wanted.filter { seen.insert($0).inserted }
    }
}
