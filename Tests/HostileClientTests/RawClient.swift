// RawClient: a bare socket for tests that must send what the real client never would.
import GroupPosix
import GroupWire
import Glibc

/// A plain blocking TCP connection that writes raw bytes and reads raw frames.
struct RawClient {
    let socket: Socket
    private var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)

    init(port: UInt16) throws {
        socket = try Socket.connect(host: "127.0.0.1", port: port, timeoutMillis: 5_000)
    }

    /// Connects and says hello, reading the welcome: ready to misbehave after the handshake.
    static func greeted(port: UInt16) throws -> RawClient {
        var raw = try RawClient(port: port)
        try raw.send(ClientRequest.hello(version: WireLimits.protocolVersion, client: "raw").encoded())
        _ = try raw.next()
        return raw
    }

    func send(_ bytes: [UInt8]) throws { try socket.writeAll(bytes) }

    /// The next frame decoded as a server message, or nil when the server closed the connection.
    mutating func next(timeoutMillis: Int32 = 10_000) throws -> ServerMessage? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let frame = try decoder.next() { return try ServerMessage.decode(frame) }
            guard try socket.waitReadable(timeoutMillis: timeoutMillis) else { throw SystemError(code: ETIMEDOUT, call: "read") }
            let result = try buffer.withUnsafeMutableBytes { raw in try socket.read(into: raw) }
            guard case .processed(let count) = result else { continue }
            if count == 0 { return nil }
            decoder.append(buffer[0..<count])
        }
    }

    /// Reads until the server closes; returns every frame received before that.
    mutating func readUntilClosed() throws -> [ServerMessage] {
        var messages: [ServerMessage] = []
        while let message = try next() { messages.append(message) }
        return messages
    }
}
