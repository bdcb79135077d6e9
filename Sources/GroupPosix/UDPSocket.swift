// UDPSocket: a non-blocking UDP socket that knows which interface each datagram used — for the mDNS responder,
// `groupctl discover` and the NAT-PMP/PCP client.
import CGroupSys
import GroupNetwork
import Glibc

/// A UDP socket of one family. Owned by one thread; ``close()`` once (`deinit` closes a socket left open).
public final class UDPSocket: @unchecked Sendable {
    // Used by one thread at a time (its engine's, or the client's).
    /// The descriptor, or -1 after ``close()``.
    public private(set) var fd: Int32
    /// Whether this is an IPv6 socket.
    public let isIPv6: Bool
    private var buffer = [UInt8](repeating: 0, count: UDPSocket.maxDatagram)

    /// The largest datagram read (mDNS allows up to 9000 bytes, RFC 6762 §17); longer ones are dropped.
    public static let maxDatagram = 9000

    /// One received datagram.
    public struct Datagram: Sendable {
        /// The payload.
        public let bytes: [UInt8]
        /// The sender.
        public let source: IPAddress
        /// The sender's port.
        public let port: UInt16
        /// The interface it arrived on (0 when unknown).
        public let interface: UInt32
    }

    /// Opens a socket bound to `port` (0: any) on the wildcard address of its family; with `shared`, other
    /// sockets may bind the same port (mDNS's 5353). The corresponding C functions are `socket`, `setsockopt`
    /// and `bind`.
    public init(ipv6: Bool, port: UInt16 = 0, shared: Bool = false) throws(SystemError) {
        isIPv6 = ipv6
        fd = try retryingOnInterrupt("socket") { cgs_udp_open(ipv6 ? AF_INET6 : AF_INET, port, shared ? 1 : 0) }
    }

    /// Joins multicast `group` on interface `index`. The corresponding C function is `setsockopt(IP_ADD_MEMBERSHIP)`.
    public func join(_ group: IPAddress, interface index: UInt32) throws(SystemError) {
        _ = try retryingOnInterrupt("setsockopt(join)") { cgs_udp_join(fd, family, group.bytes, index) }
    }

    /// Only datagrams from `peer` arrive from now on, and ICMP errors from it are reported. The corresponding C
    /// function is `connect`.
    public func connect(to peer: IPAddress, port: UInt16) throws(SystemError) {
        _ = try retryingOnInterrupt("connect") { cgs_udp_connect(fd, family, address(peer).bytes, port) }
    }

    /// This socket's address and port. The corresponding C function is `getsockname`.
    public func localAddress() throws(SystemError) -> (address: IPAddress, port: UInt16) {
        var bytes = [UInt8](repeating: 0, count: 16)
        var port: UInt16 = 0
        let family = try retryingOnInterrupt("getsockname") { cgs_udp_local_address(fd, &bytes, &port) }
        return (IPAddress(bytes: family == AF_INET ? Array(bytes.prefix(4)) : bytes)!, port)
    }

    /// Receives one datagram, or `.wouldBlock`. The corresponding C function is `recvmsg`.
    /// - Throws: ``SystemError``; ECONNREFUSED on a connected socket means the peer's port is closed.
    public func receive() throws(SystemError) -> IOResult<Datagram> {
        var from = [UInt8](repeating: 0, count: 16)
        var port: UInt16 = 0
        var index: UInt32 = 0
        let result = try nonBlocking("recvmsg") {
            buffer.withUnsafeMutableBytes { raw in
                cgs_udp_receive(fd, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count, &from, &port, &index)
            }
        }
        guard case .processed(let count) = result else { return .wouldBlock }
        let source = IPAddress(bytes: isIPv6 ? from : Array(from.prefix(4)))!
        return .processed(Datagram(bytes: Array(buffer[0..<count]), source: source, port: port, interface: index))
    }

    /// Sends `bytes` to `destination` `port`, out of interface `index` when non-zero. The corresponding C
    /// function is `sendmsg`.
    /// - Returns: `.wouldBlock` when the socket's buffer is full (the datagram is not sent).
    public func send(_ bytes: [UInt8], to destination: IPAddress, port: UInt16, interface index: UInt32 = 0)
        throws(SystemError) -> IOResult<Int>
    {
        let target = address(destination)
        return try nonBlocking("sendmsg") {
            bytes.withUnsafeBytes { raw in
                cgs_udp_send(fd, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count, family, target.bytes, port, index)
            }
        }
    }

    /// Closes the socket; later calls do nothing.
    public func close() {
        guard fd >= 0 else { return }
        Descriptor.close(fd)
        fd = -1
    }

    deinit { close() }

    private var family: Int32 { isIPv6 ? AF_INET6 : AF_INET }

    /// `peer` in this socket's family (an IPv4 address as IPv4-mapped on an IPv6 socket).
    private func address(_ peer: IPAddress) -> IPAddress { isIPv6 ? peer.mapped : peer.unmapped }
}
