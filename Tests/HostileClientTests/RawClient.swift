// RawClient: a bare connection for tests that must send what the real client never would — over TLS by
// default (the abuse then reaches the frame decoder, as a hostile member's would), or plain with `tls: false`.
import GroupClient
import GroupPosix
import GroupTLS
import GroupWire
import Glibc

/// A blocking TCP connection (TLS unless asked otherwise) that writes raw bytes and reads raw frames.
struct RawClient {
    let socket: Socket
    private let tls: TLSSession?
    private var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)

    /// Connects (from the loopback address `source`, when given); with `tls`, completes a TLS handshake (accepting
    /// any certificate: pinning is tested elsewhere).
    init(port: UInt16, tls: Bool = true, from source: String? = nil) throws {
        socket = try Socket.connect(host: "127.0.0.1", port: port, from: source, timeoutMillis: 5_000)
        guard tls else {
            self.tls = nil
            return
        }
        self.tls = try BlockingHandshake.run(
            on: socket, address: GroupAddress(host: "127.0.0.1", port: port), timeoutMillis: 5_000)
    }

    /// Connects and says hello, reading the welcome: ready to misbehave after the handshake.
    static func greeted(port: UInt16) throws -> RawClient {
        var raw = try RawClient(port: port)
        try raw.send(ClientRequest.hello(version: WireLimits.protocolVersion, client: "raw").encoded())
        _ = try raw.next()
        return raw
    }

    /// Sends bytes as they are (sealed in TLS records on a TLS connection).
    func send(_ bytes: [UInt8]) throws {
        guard let tls else { return try socket.writeAll(bytes) }
        try tls.send(bytes)
        try socket.writeAll(tls.takeOutput())
    }

    /// The next frame decoded as a server message, or nil when the server closed the connection.
    mutating func next(timeoutMillis: Int32 = 10_000) throws -> ServerMessage? {
        while true {
            if let frame = try decoder.next() { return try ServerMessage.decode(frame) }
            let wire = try readWire(timeoutMillis: timeoutMillis)
            if wire.isEmpty { return nil }
            guard let tls else {
                decoder.append(wire[...])
                continue
            }
            var plaintext: [UInt8] = []
            do {
                try wire.withUnsafeBytes { try tls.receive($0, into: &plaintext) }
            } catch TLSError.closed {
                return nil
            }
            decoder.append(plaintext[...])
        }
    }

    /// Reads until the server closes; returns every frame received before that.
    mutating func readUntilClosed() throws -> [ServerMessage] {
        var messages: [ServerMessage] = []
        while let message = try next() { messages.append(message) }
        return messages
    }

    /// Reads (and drops) what the server still sends until it closes the connection (end of stream or a
    /// reset); false when it is still open after `timeoutMillis`.
    mutating func waitForClose(timeoutMillis: Int32) throws -> Bool {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            let remaining = Int32(max(0, deadline - MonotonicClock.millis()))
            do {
                guard try next(timeoutMillis: remaining) != nil else { return true }
            } catch let error as SystemError where error.code == ETIMEDOUT {
                return false
            } catch let error as SystemError where error.code == ECONNRESET {
                return true
            }
        }
    }

    /// One read from the socket; empty at end of stream.
    private func readWire(timeoutMillis: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            guard try socket.waitReadable(timeoutMillis: timeoutMillis) else { throw SystemError(code: ETIMEDOUT, call: "read") }
            let result = try buffer.withUnsafeMutableBytes { raw in try socket.read(into: raw) }
            guard case .processed(let count) = result else { continue }
            return Array(buffer[0..<count])
        }
    }
}
