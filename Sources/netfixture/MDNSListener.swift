// MDNSListener: hears the mDNS group on every interface that can do multicast and reports each groupchat
// announcement and goodbye: `announce NAME ttl=T` (T = 0 is a goodbye), and `probe NAME` for probes.
import GroupNetwork
import GroupPosix
import Glibc

/// The listener (IPv4 only: what the tests need).
struct MDNSListener {
    func run() -> Never {
        let socket: UDPSocket
        do { socket = try UDPSocket(ipv6: false, port: MDNSResponder.port, shared: true) } catch {
            report("cannot bind UDP 5353: \(error.reason)")
            exit(1)
        }
        for entry in InterfaceAddresses.all() where entry.address.isV4 && entry.supportsMulticast {
            try? socket.join(MDNSResponder.ipv4Group, interface: entry.index)
        }
        report("ready")
        while true {
            _ = try? PollSet.wait([(socket.fd, .readable)], timeoutMillis: -1)
            while case .processed(let datagram)? = try? socket.receive() {
                guard let message = try? DNSMessage.decode(datagram.bytes) else { continue }
                if !message.isResponse {
                    for question in message.questions where !message.authorities.isEmpty && question.type == .any {
                        if question.name.labels.count == 4 { report("probe \(label(question.name))") }
                    }
                    continue
                }
                for record in message.answers where record.name == GroupAdvert.serviceType {
                    if case .pointer(let instance) = record.data { report("announce \(label(instance)) ttl=\(record.ttl)") }
                }
            }
        }
    }

    private func label(_ name: DNSName) -> String { String(decoding: name.labels.first ?? [], as: UTF8.self) }
}
