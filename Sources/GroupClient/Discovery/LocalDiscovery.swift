// LocalDiscovery: `groupctl discover` on the network — a one-shot DNS-SD query for `_groupchat._tcp.local` on every
// interface that can do multicast, and the answers heard within 2 s.
import GroupCLI
import GroupNetwork
import GroupPosix

/// Finds the groups announced on the local network.
public enum LocalDiscovery {
    /// How long answers are collected.
    public static let listenMillis: Int64 = 2000
    /// The query is sent again after this long, in case a packet was lost.
    static let repeatMillis: Int64 = 1000

    /// Asks on every multicast interface and collects the answers for ``listenMillis``.
    /// - Throws: ``CommandLineError`` when no interface can send the query.
    public static func browse() throws(CommandLineError) -> [AnnouncedGroup] {
        let interfaces = InterfaceAddresses.all().filter { $0.isUp && $0.supportsMulticast }
        let v4Links = Set(interfaces.filter { $0.address.isV4 }.map(\.index))
        let v6Links = Set(interfaces.filter { !$0.address.isV4 }.map(\.index))
        let names = Dictionary(interfaces.map { ($0.index, $0.interface) }, uniquingKeysWith: { first, _ in first })
        let v4 = v4Links.isEmpty ? nil : try? UDPSocket(ipv6: false)
        let v6 = v6Links.isEmpty ? nil : try? UDPSocket(ipv6: true)
        var generator = SystemRandomNumberGenerator()
        let query = LocalGroupBrowser.query(id: UInt16.random(in: 1...UInt16.max, using: &generator))
        func ask() -> Int {
            var sent = 0
            for link in v4Links.sorted() where (try? v4?.send(query, to: MDNSResponder.ipv4Group, port: MDNSResponder.port, interface: link)) != nil {
                sent += 1
            }
            for link in v6Links.sorted() where (try? v6?.send(query, to: MDNSResponder.ipv6Group, port: MDNSResponder.port, interface: link)) != nil {
                sent += 1
            }
            return sent
        }
        guard ask() > 0 else {
            throw CommandLineError("cannot ask the local network: no network interface that can do multicast is up")
        }
        var browser = LocalGroupBrowser()
        let start = MonotonicClock.millis()
        var askedAgain = false
        let sockets = [v4, v6].compactMap { $0 }
        while true {
            let elapsed = MonotonicClock.millis() - start
            guard elapsed < listenMillis else { break }
            if !askedAgain && elapsed >= repeatMillis {
                askedAgain = true
                _ = ask()
            }
            let wait = askedAgain ? listenMillis - elapsed : repeatMillis - elapsed
            guard let ready = try? PollSet.wait(sockets.map { ($0.fd, .readable) }, timeoutMillis: Int32(max(1, wait))) else { break }
            for event in ready {
                guard let socket = sockets.first(where: { $0.fd == event.fd }) else { continue }
                while case .processed(let datagram)? = try? socket.receive() {
                    browser.receive(datagram.bytes, from: datagram.source.unmapped, zone: names[datagram.interface])
                }
            }
        }
        return browser.groups
    }
}
