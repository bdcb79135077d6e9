// SocketAddress: resolving "host" + port into addresses and printing a bound address.
import Glibc

/// Name resolution and address formatting. The corresponding C functions are `getaddrinfo` and `getnameinfo`.
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

    private static func numeric(
        _ fd: Int32, _ call: String, _ query: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(SystemError) -> (host: String, port: UInt16) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let queried = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in query(fd, address, &length) }
        }
        if queried != 0 { throw .current(call) }
        var hostBuffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var portBuffer = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let status = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                getnameinfo(address, length, &hostBuffer, socklen_t(hostBuffer.count), &portBuffer,
                    socklen_t(portBuffer.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard status == 0 else { throw SystemError(code: EINVAL, call: "getnameinfo") }
        let host = String(decoding: hostBuffer.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
        let port = String(decoding: portBuffer.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
        return (host, UInt16(port) ?? 0)
    }
}
