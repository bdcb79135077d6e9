// SocketAddress: resolving "host" + port into addresses and printing a bound address.
import GroupNetwork
import Glibc

/// Name resolution and address formatting. The corresponding C functions are `getaddrinfo`, `getsockname` and
/// `getpeername`.
public enum SocketAddress {
    /// A resolved address: family plus the raw sockaddr bytes.
    public struct Resolved: Sendable {
        /// AF_INET or AF_INET6.
        public let family: Int32
        /// The sockaddr bytes.
        public let bytes: [UInt8]
    }

    /// Resolves `host` and `port` for a TCP stream socket.
    /// - Parameters:
    ///   - host: A name or a numeric address.
    ///   - port: The port.
    ///   - passive: Whether the address is for binding.
    /// - Throws: ``SystemError`` with call `getaddrinfo` when nothing resolves.
    public static func resolve(host: String, port: UInt16, passive: Bool) throws(SystemError) -> [Resolved] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            if status == EAI_SYSTEM { throw SystemError.current("getaddrinfo(\(host))") }
            throw SystemError(code: EHOSTUNREACH, call: "getaddrinfo(\(host))", detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var results: [Resolved] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            let raw = UnsafeRawBufferPointer(start: current.pointee.ai_addr, count: Int(current.pointee.ai_addrlen))
            results.append(Resolved(family: current.pointee.ai_family, bytes: Array(raw)))
            node = current.pointee.ai_next
        }
        return results
    }

    /// The local address of a bound socket as (numeric host, port). The corresponding C function is `getsockname`.
    public static func local(of fd: Int32) throws(SystemError) -> (host: String, port: UInt16) {
        try numeric(fd, "getsockname", getsockname)
    }

    /// The peer's address of a connected socket as (numeric host, port). The corresponding C function is
    /// `getpeername`.
    public static func remote(of fd: Int32) throws(SystemError) -> (host: String, port: UInt16) {
        try numeric(fd, "getpeername", getpeername)
    }

    /// The address as canonical text: an IPv4-mapped IPv6 address (what a dual-stack socket reports for an IPv4
    /// peer) as plain IPv4, IPv6 in RFC 5952 form without a zone, so one peer always has one spelling — for the
    /// per-address limits, the login throttle and the log.
    private static func numeric(
        _ fd: Int32, _ call: String, _ query: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(SystemError) -> (host: String, port: UInt16) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let queried = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in query(fd, address, &length) }
        }
        if queried != 0 { throw .current(call) }
        return try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                guard let ip = InterfaceAddresses.ipAddress(address) else { throw SystemError(code: EAFNOSUPPORT, call: call) }
                let port = Int32(address.pointee.sa_family) == AF_INET
                    ? address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
                    : address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                return (ip.unmapped.description, port)
            }
        }
    }
}
