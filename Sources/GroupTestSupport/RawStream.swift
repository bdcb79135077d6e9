// RawStream: a blocking connection to one of groupd's ports — through TLS when the server uses it — that sends exactly
// the bytes it is given and collects what comes back, for the web and IRC test clients (hostile tests send garbage).
import GroupClient
import GroupPosix
import GroupTLS
import Glibc

/// One connection, raw bytes both ways.
public final class RawStream {
    private let socket: Socket
    private let tls: TLSSession?
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// Bytes received (after TLS) and not yet taken by the client that owns the stream.
    public var received: [UInt8] = []
    /// Whether the server closed the connection.
    public private(set) var closed = false

    /// Connects to `127.0.0.1:port`; with `tls`, completes the handshake (the test clients do not pin: the tests
    /// that check pinning use the real client). With `receiveBuffer`, the socket's receive buffer is that small.
    public init(port: UInt16, tls useTLS: Bool, receiveBuffer: Int32? = nil, timeoutMillis: Int32 = 10_000) throws {
        socket = try Socket.connect(host: "127.0.0.1", port: port, receiveBuffer: receiveBuffer, timeoutMillis: timeoutMillis)
        tls = useTLS
            ? try BlockingHandshake.run(on: socket, address: GroupAddress(host: "127.0.0.1", port: port), timeoutMillis: timeoutMillis)
            : nil
    }

    deinit { socket.close() }

    /// The server certificate's fingerprint (TLS only).
    public var serverFingerprint: Fingerprint? { tls?.peerFingerprint }

    /// Sends raw bytes (encrypted when TLS is on).
    public func send(_ bytes: [UInt8]) throws {
        guard let tls else { return try socket.writeAll(bytes) }
        try tls.send(bytes)
        try socket.writeAll(tls.takeOutput())
    }

    /// Ciphertext (or bytes) ``offer(_:stallMillis:)`` could not write yet; written first next time.
    private var unsent: [UInt8] = []

    /// Sends `bytes` (sealed when TLS is on) unless the server stops taking them: returns false, keeping the rest
    /// for the next call, when the socket takes nothing for `stallMillis` — what a flood test sees once the server
    /// stops reading (back-pressure). Never reads.
    public func offer(_ bytes: [UInt8], stallMillis: Int32 = 200) throws -> Bool {
        if let tls {
            try tls.send(bytes)
            unsent += tls.takeOutput()
        } else {
            unsent += bytes
        }
        try Descriptor.setNonBlocking(socket.fd, true)
        defer { try? Descriptor.setNonBlocking(socket.fd, false) }
        var offset = 0
        defer { unsent.removeFirst(offset) }
        while offset < unsent.count {
            let result = try unsent.withUnsafeBytes { raw in try socket.write(UnsafeRawBufferPointer(rebasing: raw[offset...])) }
            if case .processed(let count) = result {
                offset += count
                continue
            }
            var ready = pollfd(fd: socket.fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&ready, 1, stallMillis) > 0 else { return false }
        }
        return true
    }

    /// Reads once (waiting up to `timeoutMillis`) and appends what arrived to ``received``; false on timeout or
    /// when the server closed.
    @discardableResult
    public func readOnce(timeoutMillis: Int32) throws -> Bool {
        guard !closed, try socket.waitReadable(timeoutMillis: timeoutMillis) else { return false }
        let result = scratch.withUnsafeMutableBytes { raw in Result { () throws(SystemError) in try socket.read(into: raw) } }
        let count: Int
        switch result {
        case .success(.processed(let read)): count = read
        case .success(.wouldBlock): return true
        case .failure(let error) where error.code == ECONNRESET: count = 0
        case .failure(let error): throw error
        }
        guard count > 0 else {
            closed = true
            return false
        }
        let bytes = scratch.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[0..<count]) }
        if let tls {
            do { try tls.receive(bytes, into: &received) } catch .closed { closed = true } catch { throw error }
            if tls.outputCount > 0 { try socket.writeAll(tls.takeOutput()) }
        } else {
            received.append(contentsOf: bytes)
        }
        return true
    }

    /// Waits until the server closes the connection; true when it did within `timeoutMillis`.
    public func waitForClose(timeoutMillis: Int32 = 10_000) throws -> Bool {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while !closed && MonotonicClock.millis() < deadline {
            try readOnce(timeoutMillis: 100)
        }
        return closed
    }

    /// Closes the connection from this side.
    public func close() { socket.shutdown() }
}
