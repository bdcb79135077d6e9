// FakeGateway: a home router's port-mapping side on UDP 5351 — granting, renewing and deleting TCP mappings with PCP
// (RFC 6887) or NAT-PMP (RFC 6886), refusing them, or ignoring everything — and saying what it did.
import GroupNetwork
import GroupPosix
import Glibc

/// The gateway. Every mapping it grants points at 198.51.100.7 (a documentation address) and the same port.
struct FakeGateway {
    /// How it answers.
    enum Behaviour: String {
        /// Speaks PCP and grants.
        case pcp
        /// Speaks NAT-PMP only: answers PCP with NAT-PMP's "unsupported version", grants in NAT-PMP.
        case natpmp
        /// Speaks PCP and refuses with NOT_AUTHORIZED.
        case refuse
        /// Answers nothing.
        case silent
    }

    let behaviour: Behaviour
    /// Lifetimes asked for are cut to this (short ones make renewals come quickly).
    let maxLifetime: UInt32
    static let external = IPAddress(v4: 198, 51, 100, 7)
    private let started = MonotonicClock.millis()

    init(behaviour: Behaviour, maxLifetime: UInt32) {
        self.behaviour = behaviour
        self.maxLifetime = maxLifetime
    }

    func run() -> Never {
        let socket: UDPSocket
        do { socket = try UDPSocket(ipv6: false, port: NATPMP.port) } catch {
            report("cannot bind UDP 5351: \(error.reason)")
            exit(1)
        }
        report("ready")
        var mapped = Set<UInt16>()
        while true {
            _ = try? PollSet.wait([(socket.fd, .readable)], timeoutMillis: -1)
            while case .processed(let datagram)? = try? socket.receive() {
                let answer: [UInt8]?
                switch datagram.bytes.first {
                case PCP.version?: answer = pcp(datagram.bytes, mapped: &mapped)
                case 0?: answer = natpmp(datagram.bytes, mapped: &mapped)
                default: answer = nil
                }
                if let answer { _ = try? socket.send(answer, to: datagram.source, port: datagram.port) }
            }
        }
    }

    private var epoch: UInt32 { UInt32((MonotonicClock.millis() - started) / 1000) }

    /// Answers a PCP MAP request (60 bytes: the common header, then the MAP payload).
    private func pcp(_ request: [UInt8], mapped: inout Set<UInt16>) -> [UInt8]? {
        guard request.count >= 60, request[1] == PCP.mapOpcode else { return nil }
        var reader = ByteReader(request, truncated: PortMappingPacketError.truncated)
        reader.offset = 4
        let asked = (try? reader.u32()) ?? 0
        let port = UInt16(request[40]) << 8 | UInt16(request[41])
        switch behaviour {
        case .silent:
            report("pcp ignored")
            return nil
        case .natpmp:
            report("pcp unsupported")
            var writer = ByteWriter()
            writer.append([0, 128 + PCP.mapOpcode])
            writer.u16(1)
            writer.u32(epoch)
            return writer.bytes
        case .refuse:
            report("pcp refused \(port)")
            return pcpAnswer(request, result: 2, lifetime: 0, port: port)
        case .pcp:
            let granted = min(asked, maxLifetime)
            if granted == 0 {
                mapped.remove(port)
                report("pcp delete \(port)")
            } else {
                report("pcp \(mapped.insert(port).inserted ? "map" : "renew") \(port) lifetime \(granted)")
            }
            return pcpAnswer(request, result: 0, lifetime: granted, port: port)
        }
    }

    private func pcpAnswer(_ request: [UInt8], result: UInt8, lifetime: UInt32, port: UInt16) -> [UInt8] {
        var writer = ByteWriter()
        writer.append([PCP.version, 0x80 | PCP.mapOpcode, 0, result])
        writer.u32(lifetime)
        writer.u32(epoch)
        writer.append([UInt8](repeating: 0, count: 12))
        writer.append(request[24..<42])  // nonce, protocol, reserved, internal port
        writer.u16(port)  // the external port: the same
        writer.append(Self.external.mapped.bytes)
        return writer.bytes
    }

    /// Answers a NAT-PMP request: the public address (opcode 0) or a TCP mapping (opcode 2).
    private func natpmp(_ request: [UInt8], mapped: inout Set<UInt16>) -> [UInt8]? {
        guard request.count >= 2, behaviour != .silent else {
            report("natpmp ignored")
            return nil
        }
        var writer = ByteWriter()
        writer.append([0, 128 + request[1]])
        let result: UInt16 = behaviour == .refuse ? 2 : 0
        writer.u16(result)
        writer.u32(epoch)
        switch request[1] {
        case NATPMP.externalAddressOpcode:
            report("natpmp address")
            writer.append(Self.external.bytes)
        case NATPMP.mapTCPOpcode where request.count >= 12:
            let port = UInt16(request[4]) << 8 | UInt16(request[5])
            var reader = ByteReader(request, offset: 8, truncated: PortMappingPacketError.truncated)
            let granted = min((try? reader.u32()) ?? 0, maxLifetime)
            if behaviour == .refuse {
                report("natpmp refused \(port)")
            } else if granted == 0 {
                mapped.remove(port)
                report("natpmp delete \(port)")
            } else {
                report("natpmp \(mapped.insert(port).inserted ? "map" : "renew") \(port) lifetime \(granted)")
            }
            writer.u16(port)
            writer.u16(granted == 0 ? 0 : port)
            writer.u32(granted)
        default:
            return nil
        }
        return writer.bytes
    }
}
