// ServiceAnnouncer: the group's mDNS responder on the network — UDP port 5353 on IPv4 and IPv6, joined on every
// interface the server listens on, feeding the pure MDNSResponder and sending what it answers.
import GroupNetwork
import GroupPosix
import Glibc

/// Sockets and membership for ``MDNSResponder``. Used by the thread that polls the network services.
final class ServiceAnnouncer {
    private let ipv4: UDPSocket?
    private let ipv6: UDPSocket?
    var responder: MDNSResponder
    private let listening: IPAddress
    private var joined: Set<String> = []
    /// At most this many datagrams are read per readiness event, so a flood cannot hold the loop.
    static let datagramsPerTurn = 32

    /// Opens port 5353 and starts probing for the names, or says why the group cannot be announced.
    static func start(listening: IPAddress, advert: GroupAdvert, interfaces: [InterfaceAddress], now: Int64)
        -> Result<ServiceAnnouncer, AnnounceFailure>
    {
        let candidates = interfaces.filter { $0.isUp && $0.supportsMulticast && Self.serves($0.address, listening: listening) }
        guard !candidates.isEmpty else {
            // Nothing is opened: no socket on port 5353 for a server nobody on a network could reach.
            return .failure(AnnounceFailure(text: "no interface of this machine that the server listens on can do multicast"))
        }
        let wantsV4 = candidates.contains { $0.address.isV4 }
        let wantsV6 = candidates.contains { !$0.address.isV4 }
        var problems: [String] = []
        func open(_ v6: Bool) -> UDPSocket? {
            do { return try UDPSocket(ipv6: v6, port: MDNSResponder.port, shared: true) } catch {
                problems.append("\(v6 ? "IPv6" : "IPv4") UDP port 5353: \(error.reason)")
                return nil
            }
        }
        let v4 = wantsV4 ? open(false) : nil
        let v6 = wantsV6 ? open(true) : nil
        guard v4 != nil || v6 != nil else { return .failure(AnnounceFailure(text: problems.joined(separator: "; "))) }
        let announcer = ServiceAnnouncer(ipv4: v4, ipv6: v6, listening: listening, advert: advert, now: now)
        announcer.refresh(interfaces, now: now)
        guard !announcer.responder.linkIndexes.isEmpty else {
            return .failure(AnnounceFailure(text: "no interface of this machine that the server listens on can do multicast"))
        }
        announcer.responder.start(now: now)
        return .success(announcer)
    }

    /// Why the group is not announced.
    struct AnnounceFailure: Error {
        let text: String
    }

    private init(ipv4: UDPSocket?, ipv6: UDPSocket?, listening: IPAddress, advert: GroupAdvert, now: Int64) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.listening = listening
        var seed = SystemRandomNumberGenerator()
        responder = MDNSResponder(advert: advert, links: [], seed: seed.next(), now: now)
    }

    /// The descriptors to watch for input.
    var descriptors: [Int32] { [ipv4, ipv6].compactMap { $0?.fd } }

    /// The interfaces announced on, by name (for the owner).
    private(set) var interfaceNames: [String] = []

    /// Takes the interfaces as they are now: joins the groups on new ones, and gives the responder the links
    /// (the interfaces the server listens on that can do multicast, with their addresses).
    func refresh(_ interfaces: [InterfaceAddress], now: Int64) {
        var links: [UInt32: MDNSLink] = [:]
        var names: [UInt32: String] = [:]
        for entry in interfaces where entry.isUp && entry.supportsMulticast && Self.serves(entry.address, listening: listening) {
            var link = links[entry.index] ?? MDNSLink(index: entry.index, addresses: [], ipv4: false, ipv6: false)
            link.addresses.append(entry)
            if entry.address.isV4, let ipv4, joinOnce(ipv4, MDNSResponder.ipv4Group, entry.index) { link.ipv4 = true }
            if !entry.address.isV4, let ipv6, joinOnce(ipv6, MDNSResponder.ipv6Group, entry.index) { link.ipv6 = true }
            links[entry.index] = link
            names[entry.index] = entry.interface
        }
        let usable = links.values.filter { $0.ipv4 || $0.ipv6 }.sorted { $0.index < $1.index }
        interfaceNames = usable.compactMap { names[$0.index] }
        responder.update(links: usable, now: now)
    }

    /// Whether a server listening on `listening` listens on `address` (a wildcard listener on every address of
    /// its families).
    private static func serves(_ address: IPAddress, listening: IPAddress) -> Bool {
        if listening == .anyV6 { return !address.isIPv4Mapped }
        if listening == .anyV4 { return address.isV4 }
        return address == listening
    }

    private func joinOnce(_ socket: UDPSocket, _ group: IPAddress, _ index: UInt32) -> Bool {
        let key = "\(socket.isIPv6)/\(index)"
        if joined.contains(key) { return true }
        guard (try? socket.join(group, interface: index)) != nil else { return false }
        joined.insert(key)
        return true
    }

    /// Reads what arrived on `fd` (at most ``datagramsPerTurn`` datagrams) and answers.
    func readable(_ fd: Int32, now: Int64) {
        guard let socket = [ipv4, ipv6].compactMap({ $0 }).first(where: { $0.fd == fd }) else { return }
        for _ in 0..<Self.datagramsPerTurn {
            guard case .processed(let datagram)? = try? socket.receive() else { break }
            responder.receive(datagram.bytes, from: datagram.source.unmapped, port: datagram.port, link: datagram.interface, now: now)
        }
        flush()
    }

    /// Sends what the responder has to send. A full socket buffer drops the packet (mDNS tolerates loss).
    func flush() {
        for packet in responder.takePackets() {
            switch packet.destination {
            case .multicast(let link, let v6):
                let group = v6 ? MDNSResponder.ipv6Group : MDNSResponder.ipv4Group
                _ = try? (v6 ? ipv6 : ipv4)?.send(packet.bytes, to: group, port: MDNSResponder.port, interface: link)
            case .unicast(let address, let port, let link):
                _ = try? (address.isV4 ? ipv4 : ipv6)?.send(packet.bytes, to: address, port: port, interface: link)
            }
        }
    }

    /// Says goodbye on every link and closes the sockets.
    func stop(now: Int64) {
        responder.stop(now: now)
        flush()
        ipv4?.close()
        ipv6?.close()
    }
}
