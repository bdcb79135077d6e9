// ListeningSocket: bind, listen and accept non-blocking, close-on-exec connections.
import CGroupSys
import Glibc

/// A TCP listener. Accepted sockets come back non-blocking and close-on-exec in one call.
public final class ListeningSocket: @unchecked Sendable {
    // Used only by the engine thread that owns it.
    /// The listening descriptor.
    public let fd: Int32
    /// The bound numeric host.
    public let host: String
    /// The bound port (the real one when 0 was asked for).
    public let port: UInt16

    /// Binds and listens on `host:port` with SO_REUSEADDR; port 0 picks a free port. The listener itself
    /// is non-blocking. The corresponding C functions are `socket`, `bind` and `listen`.
    public init(host: String, port: UInt16, backlog: Int32 = 1024) throws(SystemError) {
        guard let address = try SocketAddress.resolve(host: host, port: port, passive: true).first else {
            throw SystemError(code: EADDRNOTAVAIL, call: "getaddrinfo(\(host))")
        }
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try retryingOnInterrupt("socket") { socket(address.family, flags, 0) }
        do throws(SystemError) {
            var on: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            // `::` takes IPv4 connections too (as IPv4-mapped peers), whatever net.ipv6.bindv6only says.
            var off: Int32 = 0
            if address.family == AF_INET6 {
                _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
            }
            let bound = address.bytes.withUnsafeBytes { raw in
                bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
            if bound != 0 { throw SystemError.current("bind") }
            _ = try retryingOnInterrupt("listen") { listen(fd, backlog) }
            (self.host, self.port) = try SocketAddress.local(of: fd)
        } catch {
            Descriptor.close(fd)
            throw error
        }
        self.fd = fd
    }

    /// What `groupd` listens on without `--host`: `::`, both IPv6 and IPv4, or `0.0.0.0` on a machine whose
    /// kernel has no IPv6 (`bind` then fails with EAFNOSUPPORT or EADDRNOTAVAIL).
    /// - Parameters:
    ///   - port: The port (0 picks a free one).
    ///   - bind: How to bind one host (the real listener; tests pass a failing one).
    /// - Returns: The listener, and whether it fell back to IPv4 only.
    public static func anyAddress(
        port: UInt16, bind: (String, UInt16) throws(SystemError) -> ListeningSocket = { host, port throws(SystemError) in
            try ListeningSocket(host: host, port: port)
        }
    ) throws(SystemError) -> (ListeningSocket, ipv4Only: Bool) {
        do {
            return (try bind("::", port), false)
        } catch where error.code == EAFNOSUPPORT || error.code == EADDRNOTAVAIL || error.code == EPROTONOSUPPORT {
            return (try bind("0.0.0.0", port), true)
        }
    }

    /// Accepts one connection, non-blocking and close-on-exec. The corresponding C function is `accept4`.
    /// - Returns: The socket, or `.wouldBlock` when none is waiting.
    /// - Throws: ``SystemError``; ECONNABORTED and friends mean "try the next one", EMFILE means "full".
    public func accept() throws(SystemError) -> IOResult<Socket> {
        switch try nonBlocking("accept4", { cgs_accept_nonblocking(fd) }) {
        case .processed(let client):
            let socket = Socket(adopting: client)
            socket.setNoDelay()
            return .processed(socket)
        case .wouldBlock: return .wouldBlock
        }
    }

    deinit { Descriptor.close(fd) }
}
