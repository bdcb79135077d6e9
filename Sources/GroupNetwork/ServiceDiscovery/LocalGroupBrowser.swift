// LocalGroupBrowser: the querier side of DNS-SD for `groupctl discover` — the query to send, and the groups
// put together from the answers that come back.

/// Collects answers to ``query(id:)`` into groups. Pure: the caller sends, receives and keeps time.
public struct LocalGroupBrowser: Sendable {
    /// At most this many groups and addresses per host are kept, whatever the network sends.
    static let maxInstances = 256
    static let maxAddressesPerHost = 16

    private var instances: [DNSName] = []
    private var gone: Set<DNSName> = []
    private var services: [DNSName: (port: UInt16, target: DNSName)] = [:]
    private var texts: [DNSName: TXTAttributes] = [:]
    private var hostAddresses: [DNSName: [IPAddress]] = [:]
    /// The sender of the packet that brought each instance, and the interface it came in on.
    private var senders: [DNSName: (address: IPAddress, zone: String?)] = [:]

    /// Creates an empty browser.
    public init() {}

    /// A one-shot query for every `_groupchat._tcp.local` instance, asking for a unicast answer (RFC 6762
    /// §5.1: sent from a port other than 5353, responders answer straight back to it).
    public static func query(id: UInt16) -> [UInt8] {
        let message = DNSMessage(
            id: id, questions: [DNSQuestion(name: GroupAdvert.serviceType, type: .ptr, unicastResponse: true)])
        return (try? message.encoded()) ?? []
    }

    /// Takes one received packet; anything that is not a decodable response is ignored.
    /// - Parameters:
    ///   - packet: The UDP payload.
    ///   - source: Who sent it.
    ///   - zone: The name of the interface it arrived on (for IPv6 link-local addresses).
    public mutating func receive(_ packet: [UInt8], from source: IPAddress, zone: String?) {
        guard let message = try? DNSMessage.decode(packet), message.isResponse else { return }
        for record in message.allRecords {
            switch record.data {
            case .pointer(let instance) where record.name == GroupAdvert.serviceType:
                if record.ttl == 0 {
                    gone.insert(instance)
                } else if !instances.contains(instance) && instances.count < Self.maxInstances {
                    gone.remove(instance)
                    instances.append(instance)
                    senders[instance] = (source.unmapped, zone)
                } else if instances.contains(instance), let known = senders[instance], !known.address.isV4, source.unmapped.isV4 {
                    // A host answers over IPv4 and IPv6 alike; which answer comes first is chance, so the IPv4 sender
                    // is kept whenever one answered, and the same group is listed the same way every time.
                    senders[instance] = (source.unmapped, zone)
                }
            case .service(_, _, let port, let target) where isInstance(record.name):
                if record.ttl == 0 { gone.insert(record.name) } else { services[record.name] = (port, target) }
            case .text(let strings) where isInstance(record.name):
                if record.ttl > 0 { texts[record.name] = TXTAttributes(strings: strings) }
            case .address(let address) where record.ttl > 0:
                var known = hostAddresses[record.name] ?? []
                if !known.contains(address) && known.count < Self.maxAddressesPerHost && hostAddresses.count < Self.maxInstances * 2 {
                    known.append(address)
                    hostAddresses[record.name] = known
                }
            default: continue
            }
        }
    }

    /// Whether `name` is an instance of the groupchat service (`LABEL._groupchat._tcp.local`).
    private func isInstance(_ name: DNSName) -> Bool {
        name.labels.count == GroupAdvert.serviceType.labels.count + 1
            && DNSName(labels: Array(name.labels.dropFirst())) == GroupAdvert.serviceType
    }

    /// The groups heard so far that are complete (pointer, SRV and TXT) and did not say goodbye, by name.
    public var groups: [AnnouncedGroup] {
        var result: [AnnouncedGroup] = []
        for instance in instances where !gone.contains(instance) {
            guard let service = services[instance], let text = texts[instance], let sender = senders[instance] else { continue }
            let (address, zone) = Self.bestAddress(hostAddresses[service.target] ?? [], sender: sender)
            let label = String(decoding: instance.labels[0], as: UTF8.self)
            result.append(AnnouncedGroup(
                instance: label, name: text[GroupAdvert.Key.name] ?? label, owner: text[GroupAdvert.Key.owner],
                protocolVersion: text[GroupAdvert.Key.protocolVersion].flatMap { Int($0) },
                fingerprint: text[GroupAdvert.Key.fingerprint], plaintext: text[GroupAdvert.Key.tls] == "off",
                address: address, zone: zone, port: service.port))
        }
        return result.sorted { ($0.name, $0.addressText) < ($1.name, $1.addressText) }
    }

    /// The address to show: the sender's own address when the host announced it (it answered from there, so
    /// it is reachable from here), else the first IPv4, global or unique-local IPv6, else the sender.
    public static func bestAddress(_ announced: [IPAddress], sender: (address: IPAddress, zone: String?)) -> (IPAddress, String?) {
        if announced.contains(sender.address) || announced.isEmpty {
            return (sender.address, sender.address.isLinkLocal ? sender.zone : nil)
        }
        if let v4 = announced.first(where: { $0.isV4 && !$0.isLinkLocal }) { return (v4, nil) }
        if let routable = announced.first(where: { $0.isGlobalIPv6 || $0.isUniqueLocal }) { return (routable, nil) }
        return (sender.address, sender.address.isLinkLocal ? sender.zone : nil)
    }
}
