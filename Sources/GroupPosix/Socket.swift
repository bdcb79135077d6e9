// Socket: a connected TCP stream socket that owns its descriptor and closes it exactly once.
import CGroupSys
import Glibc

/// A connected stream socket. The owner calls ``close()`` once; `deinit` closes a socket left open.
public final class Socket: @unchecked Sendable {
    // `fd` is written only by close(); a Socket is used by one thread at a time (its engine's rule).
    /// The descriptor, or -1 after ``close()``.
    public private(set) var fd: Int32

    /// Takes ownership of a connected descriptor.
    public init(adopting fd: Int32) { self.fd = fd }

    /// Connects to `host:port`, trying each resolved address, each within `timeoutMillis`.
    /// The socket is returned in blocking mode. The corresponding C function is `connect`.
    /// - Throws: ``SystemError`` from the last address tried.
    /// - Parameters:
    ///   - source: A local address to connect from (bound first; tests use it to come from other loopback
    ///     addresses), or nil for the system's choice. The corresponding C function for it is `bind`.
    ///   - receiveBuffer: A receive buffer size to set before connecting (tests use a small one to play a client
    ///     that reads nothing), or nil for the system's. The corresponding C function is `setsockopt(SO_RCVBUF)`.
    public static func connect(
        host: String, port: UInt16, from source: String? = nil, receiveBuffer: Int32? = nil, timeoutMillis: Int32
    ) throws(SystemError) -> Socket {
        var lastError = SystemError(code: EHOSTUNREACH, call: "connect")
        for address in try SocketAddress.resolve(host: host, port: port, passive: false) {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = .current("socket"); continue }
            let socket = Socket(adopting: fd)
            do throws(SystemError) {
                if var size = receiveBuffer {
                    _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
                }
                if let source, let local = try SocketAddress.resolve(host: source, port: 0, passive: true)
                    .first(where: { $0.family == address.family })
                {
                    let bound = local.bytes.withUnsafeBytes { raw in
                        Glibc.bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
                    }
                    if bound != 0 { throw SystemError.current("bind(\(source))") }
                }
                try socket.connect(to: address, timeoutMillis: timeoutMillis)
                return socket
            } catch {
                lastError = error
                socket.close()
            }
        }
        throw lastError
    }

    private func connect(to address: SocketAddress.Resolved, timeoutMillis: Int32) throws(SystemError) {
        try Descriptor.setNonBlocking(fd, true)
        let result = address.bytes.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result != 0 {
            guard errno == EINPROGRESS else { throw .current("connect") }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = try retryingOnInterrupt("poll") { poll(&pfd, 1, timeoutMillis) }
            guard ready > 0 else { throw SystemError(code: ETIMEDOUT, call: "connect") }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            guard soError == 0 else { throw SystemError(code: soError, call: "connect") }
        }
        try Descriptor.setNonBlocking(fd, false)
        setNoDelay()
    }

    /// Disables Nagle's algorithm so small frames leave at once. The corresponding C function is `setsockopt`.
    public func setNoDelay() {
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads into `buffer`; `.processed(0)` is end of stream. The corresponding C function is `read`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try Descriptor.read(fd, into: buffer)
    }

    /// Writes some of `bytes`. The corresponding C function is `write`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try Descriptor.write(fd, bytes)
    }

    /// Writes all of `bytes` on a blocking socket.
    public func writeAll(_ bytes: [UInt8]) throws(SystemError) { try Descriptor.writeAll(fd, bytes) }

    /// Waits until the socket is readable or `timeoutMillis` passes (-1 waits forever).
    /// - Returns: Whether it became readable. The corresponding C function is `poll`.
    public func waitReadable(timeoutMillis: Int32) throws(SystemError) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return try retryingOnInterrupt("poll") { poll(&pfd, 1, timeoutMillis) } > 0
    }

    /// Makes a blocking write give up with EAGAIN when the peer accepts nothing for `seconds`.
    /// The corresponding C function is `setsockopt(SO_SNDTIMEO)`.
    public func setSendTimeout(seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Makes a blocking read give up with EAGAIN after `millis` milliseconds without data (0: wait for ever).
    /// The corresponding C function is `setsockopt(SO_RCVTIMEO)`.
    public func setReceiveTimeout(millis: Int) {
        var limit = timeval(tv_sec: millis / 1000, tv_usec: (millis % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Ends both directions without releasing the descriptor, waking any thread blocked on it.
    /// The corresponding C function is `shutdown`.
    public func shutdown() {
        guard fd >= 0 else { return }
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Closes the socket; later calls do nothing.
    public func close() {
        guard fd >= 0 else { return }
        Descriptor.close(fd)
        fd = -1
    }

    deinit { close() }
}
