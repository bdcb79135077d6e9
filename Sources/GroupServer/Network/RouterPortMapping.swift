// RouterPortMapping: `--map-port` on the network — a UDP socket to port 5351 of the default gateway, feeding the
// pure PortMapper, and the sentences that tell the owner what the router did.
import GroupNetwork
import GroupPosix
import Glibc

/// The port mapping's socket and state. Used by the thread that polls the network services.
final class RouterPortMapping {
    /// The router asked.
    let gateway: IPAddress
    /// This machine's address toward it.
    let localAddress: IPAddress
    private let socket: UDPSocket
    var mapper: PortMapper
    private let port: UInt16

    /// Finds the default gateway and sends the first request, or says why it cannot.
    static func start(port: UInt16, now: Int64) -> Result<RouterPortMapping, MappingFailure> {
        guard let (gateway, _) = InterfaceAddresses.defaultGateway() else {
            return .failure(MappingFailure(text: "this machine has no IPv4 default gateway, so there is no router to ask"))
        }
        let socket: UDPSocket
        let local: IPAddress
        do {
            socket = try UDPSocket(ipv6: false)
            try socket.connect(to: gateway, port: NATPMP.port)
            local = try socket.localAddress().address
        } catch {
            return .failure(MappingFailure(text: "cannot reach the router at \(gateway): \(error.reason)"))
        }
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let mapping = RouterPortMapping(
            gateway: gateway, localAddress: local, socket: socket,
            mapper: PortMapper(internalPort: port, clientAddress: local, nonce: nonce), port: port)
        mapping.mapper.start(now: now)
        mapping.flush()
        return .success(mapping)
    }

    /// Why the port cannot be mapped.
    struct MappingFailure: Error {
        let text: String
    }

    private init(gateway: IPAddress, localAddress: IPAddress, socket: UDPSocket, mapper: PortMapper, port: UInt16) {
        self.gateway = gateway
        self.localAddress = localAddress
        self.socket = socket
        self.mapper = mapper
        self.port = port
    }

    /// The socket's descriptor.
    var descriptor: Int32 { socket.fd }

    /// Reads the router's answers (a handful at most: only the gateway's datagrams arrive).
    func readable(now: Int64) {
        for _ in 0..<8 {
            do {
                guard case .processed(let datagram) = try socket.receive() else { break }
                mapper.receive(datagram.bytes, now: now)
            } catch {
                // ICMP port unreachable: nothing listens on the router's port 5351.
                if error.code == ECONNREFUSED { mapper.unreachable(now: now) }
                break
            }
        }
        flush()
    }

    /// Sends what the mapper asks to send.
    func flush() {
        for packet in mapper.takePackets() {
            _ = try? socket.send(packet, to: gateway, port: NATPMP.port)
        }
    }

    /// Deletes the mapping: sends the request and waits for the answer for at most about a second.
    func stop() {
        mapper.stop(now: MonotonicClock.millis())
        flush()
        while !mapper.isFinished, let deadline = mapper.nextDeadline {
            let wait = max(0, deadline - MonotonicClock.millis())
            if (try? PollSet.wait([(socket.fd, .readable)], timeoutMillis: Int32(min(wait, 1000))))?.isEmpty == false {
                readable(now: MonotonicClock.millis())
            } else {
                mapper.advance(now: MonotonicClock.millis())
                flush()
            }
        }
        socket.close()
    }

    /// What the owner is told about each event.
    var sentences: PortMappingSentences { PortMappingSentences(gateway: gateway, localAddress: localAddress, port: port) }
}

/// What the owner is told about the port mapping: each event as a sentence, with what to do instead when the router
/// maps nothing. Pure.
struct PortMappingSentences {
    /// The router asked.
    let gateway: IPAddress
    /// This machine's address toward it (where a hand-made forward should point).
    let localAddress: IPAddress
    /// The port to map.
    let port: UInt16

    /// What the owner can do when the router maps nothing.
    var advice: String {
        "members across the internet can still reach you if you forward TCP port \(port) to \(localAddress) in the "
            + "router's settings, or over IPv6 if your network has it (a global IPv6 address in the list); or turn on "
            + "NAT-PMP/PCP (often together with UPnP) in the router"
    }

    /// The sentence for an event.
    func describe(_ event: PortMapper.Event) -> String {
        switch event {
        case .mapped(let mapping):
            let lifetime = Self.duration(mapping.lifetime)
            guard let address = mapping.externalAddress else {
                return "port mapping: the router at \(gateway) forwards its port \(mapping.externalPort) to this machine for "
                    + "\(lifetime) (\(mapping.flavor.rawValue)), but did not say its public address"
            }
            var text = "port mapping: the router at \(gateway) forwards \(address.withPort(mapping.externalPort)) to this "
                + "machine for \(lifetime) (\(mapping.flavor.rawValue)); renewed before it expires, deleted when the group stops"
            if address.isPrivateIPv4 {
                text += ". That address is itself private: your provider puts another NAT in front of the router, so "
                    + "members outside will not reach it; " + advice
            }
            return text
        case .renewed(let mapping):
            return "port mapping renewed: \(mapping.externalAddress.map { $0.withPort(mapping.externalPort) } ?? "port \(mapping.externalPort)") "
                + "for \(Self.duration(mapping.lifetime))"
        case .refused(let flavor, let reason):
            return "port mapping: the router at \(gateway) refused (\(flavor.rawValue): \(reason)); " + advice
        case .noAnswer:
            return "port mapping: the router at \(gateway) did not answer PCP or NAT-PMP within 8 s: it does not speak "
                + "them, or has them turned off; " + advice
        case .unreachable:
            return "port mapping: the router at \(gateway) does not speak PCP or NAT-PMP (nothing answers on its UDP "
                + "port 5351); " + advice
        case .lost(let reason):
            return "port mapping lost: \(reason); " + advice
        case .deleted(let confirmed):
            return confirmed ? "port mapping deleted" : "the router did not confirm deleting the port mapping; it expires by itself"
        }
    }

    /// `2 h`, `10 min`, `45 s`.
    static func duration(_ seconds: UInt32) -> String {
        if seconds >= 3600 && seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds >= 60 && seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}
