// UDPSocketTests: datagrams over 127.0.0.1 with the interface they used; the dual-stack listener's fallback; the
// canonical spelling of a peer's address.
import Glibc
import GroupNetwork
import GroupPosix
import Testing

@Suite("UDP sockets and addresses")
struct UDPSocketTests {
    @Test func aDatagramArrivesWithItsSenderAndInterface() throws {
        let receiver = try UDPSocket(ipv6: false)
        let sender = try UDPSocket(ipv6: false)
        let (_, port) = try receiver.localAddress()
        #expect(port != 0)
        let loopback = IPAddress(v4: 127, 0, 0, 1)
        guard case .processed(let sent) = try sender.send([1, 2, 3], to: loopback, port: port, interface: if_nametoindex("lo")) else {
            Issue.record("send would block")
            return
        }
        #expect(sent == 3)
        #expect(try PollSet.wait([(receiver.fd, .readable)], timeoutMillis: 5000).count == 1)
        guard case .processed(let datagram) = try receiver.receive() else {
            Issue.record("nothing received")
            return
        }
        #expect(datagram.bytes == [1, 2, 3])
        #expect(datagram.source == loopback)
        #expect(datagram.port == (try sender.localAddress()).port)
        #expect(datagram.interface == if_nametoindex("lo"))
        guard case .wouldBlock = try receiver.receive() else {
            Issue.record("a second datagram from nowhere")
            return
        }
    }

    @Test func aConnectedSocketHearsThatNobodyListens() throws {
        let probe = try UDPSocket(ipv6: false)
        let (_, freePort) = try probe.localAddress()
        probe.close()
        let socket = try UDPSocket(ipv6: false)
        try socket.connect(to: IPAddress(v4: 127, 0, 0, 1), port: freePort)
        _ = try socket.send([0, 0], to: IPAddress(v4: 127, 0, 0, 1), port: freePort)
        #expect(try PollSet.wait([(socket.fd, .readable)], timeoutMillis: 5000).count == 1)
        #expect(throws: SystemError.self) { try socket.receive() }
    }

    @Test func theDefaultListenerFallsBackToIPv4WithoutIPv6() throws {
        var tried: [String] = []
        let (listener, ipv4Only) = try ListeningSocket.anyAddress(port: 0) { host, _ throws(SystemError) in
            tried.append(host)
            if host == "::" { throw SystemError(code: EAFNOSUPPORT, call: "socket") }
            // The fallback is asked for 0.0.0.0; the test binds loopback only, to stay off real interfaces.
            return try ListeningSocket(host: "127.0.0.1", port: 0)
        }
        #expect(tried == ["::", "0.0.0.0"] && ipv4Only && listener.port != 0)
        // Any other failure is not a missing IPv6: it is reported.
        #expect(throws: SystemError.self) {
            _ = try ListeningSocket.anyAddress(port: 0) { _, _ throws(SystemError) in throw SystemError(code: EADDRINUSE, call: "bind") }
        }
    }

    @Test func peersAreSpelledCanonically() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        let client = try Socket.connect(host: "127.0.0.1", port: listener.port, timeoutMillis: 5000)
        let accepted = try SocketTests.acceptOne(listener)
        #expect(try SocketAddress.remote(of: accepted.fd).host == "127.0.0.1")
        #expect(try SocketAddress.local(of: client.fd) == SocketAddress.remote(of: accepted.fd))
        accepted.close()
        client.close()
    }

    @Test func theMachineHasALoopbackInterface() {
        let all = InterfaceAddresses.all()
        #expect(all.contains { $0.address == IPAddress(v4: 127, 0, 0, 1) && $0.prefixLength == 8 && $0.index == if_nametoindex("lo") })
    }
}
