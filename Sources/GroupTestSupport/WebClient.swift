// WebClient: a small HTTP/1.1 and WebSocket client over a blocking socket (TLS through GroupTLS when the server
// uses it), for the end-to-end tests of groupd's web port. It sends exactly the bytes it is given, so hostile
// tests can send garbage too.
import Foundation
import GroupClient
import GroupPosix
import GroupTLS
import GroupWeb
import GroupWire

/// One connection to the web port.
public final class WebClient {
    /// A parsed HTTP response.
    public struct Response {
        public let status: Int
        public let headers: [(String, String)]
        public let body: [UInt8]

        /// The first header of that name (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let stream: RawStream
    /// Bytes received and not yet parsed.
    private var received: [UInt8] {
        get { stream.received }
        set { stream.received = newValue }
    }
    /// Whether the server closed the connection.
    public var closed: Bool { stream.closed }
    /// The `Host` value to send: `127.0.0.1:PORT`.
    public let host: String
    /// The page's own origin (`https://127.0.0.1:PORT`), for `Origin` headers.
    public let origin: String

    /// Connects to the web port of `server` (TLS when the server has a fingerprint); with `receiveBuffer`, the
    /// socket's receive buffer is that small (a client that reads nothing, with little room in its kernel).
    public init(_ server: ServerProcess, receiveBuffer: Int32? = nil, timeoutMillis: Int32 = 10_000) throws {
        guard let port = server.webPort else { throw TestSupportError("the server has no web port") }
        host = "127.0.0.1:\(port)"
        origin = (server.fingerprint == nil ? "http://" : "https://") + host
        stream = try RawStream(
            port: port, tls: server.fingerprint != nil, receiveBuffer: receiveBuffer, timeoutMillis: timeoutMillis)
    }

    // MARK: - Bytes

    /// Sends raw bytes (encrypted when TLS is on).
    public func send(_ bytes: [UInt8]) throws { try stream.send(bytes) }

    /// Sends bytes unless the server stops taking them (see ``RawStream/offer(_:stallMillis:)``); never reads.
    public func offer(_ bytes: [UInt8], stallMillis: Int32 = 200) throws -> Bool {
        try stream.offer(bytes, stallMillis: stallMillis)
    }

    /// Reads once (waiting up to `timeoutMillis`); false on timeout or when the server closed.
    @discardableResult
    private func readOnce(timeoutMillis: Int32) throws -> Bool { try stream.readOnce(timeoutMillis: timeoutMillis) }

    /// Waits until the server closes the connection; true when it did within `timeoutMillis`.
    public func waitForClose(timeoutMillis: Int32 = 10_000) throws -> Bool {
        try stream.waitForClose(timeoutMillis: timeoutMillis)
    }

    // MARK: - HTTP

    /// Sends a request and reads its response.
    public func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], json: Any? = nil, timeoutMillis: Int32 = 15_000
    ) throws -> Response {
        var all = [("Host", host)] + headers
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
            all.append(("Content-Type", "application/json"))
        }
        if method == "POST" || !body.isEmpty { all.append(("Content-Length", String(body.count))) }
        var text = "\(method) \(path) HTTP/1.1\r\n"
        for (name, value) in all { text += "\(name): \(value)\r\n" }
        try send(Array((text + "\r\n").utf8) + body)
        return try readResponse(timeoutMillis: timeoutMillis, method: method)
    }

    /// Reads one response (headers, then `Content-Length` bytes of body).
    public func readResponse(timeoutMillis: Int32 = 15_000, method: String = "GET") throws -> Response {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            if let end = headEnd() {
                let head = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let status = Int(head[0].split(separator: " ")[1]) ?? 0
                let headers = head.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                let length = method == "HEAD" || status == 101 || status == 204 ? 0
                    : Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
                if received.count >= end + 4 + length {
                    let body = Array(received[(end + 4)..<(end + 4 + length)])
                    received.removeFirst(end + 4 + length)
                    return Response(status: status, headers: headers, body: body)
                }
            }
            guard MonotonicClock.millis() < deadline else { throw TestSupportError("no whole HTTP response within \(timeoutMillis) ms") }
            if !(try readOnce(timeoutMillis: 100)) && closed {
                throw TestSupportError("the server closed the connection before a whole response")
            }
        }
    }

    private func headEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for index in 0...(received.count - 4)
        where received[index] == 13 && received[index + 1] == 10 && received[index + 2] == 13 && received[index + 3] == 10 {
            return index
        }
        return nil
    }

    // MARK: - WebSocket

    /// Opens the WebSocket at `/ws` from the page's own origin; returns the handshake's response.
    public func upgrade(origin: String? = nil) throws -> Response {
        try request("GET", "/ws", headers: [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Origin", origin ?? self.origin),
        ])
    }

    /// Sends protocol frames as one masked binary message.
    public func sendBinary(_ frames: [UInt8]) throws {
        try send(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .binary, payload: frames), maskingKey: [1, 2, 3, 4]))
    }

    /// Sends a request frame as a binary message.
    public func send(_ request: ClientRequest) throws { try sendBinary(request.encoded()) }

    private var frames = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
    private var socketFrames = WebSocketFrameDecoder(maxPayload: 1 << 24, role: .client)

    /// The next WebSocket frame from the server, within `timeoutMillis`; nil when the server closed.
    public func nextWebSocketFrame(timeoutMillis: Int32 = 10_000) throws -> WebSocketFrame? {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            if !received.isEmpty {
                socketFrames.append(received)
                received.removeAll()
            }
            if let frame = try socketFrames.next() { return frame }
            if closed { return nil }
            guard MonotonicClock.millis() < deadline else { throw TestSupportError("no WebSocket frame within \(timeoutMillis) ms") }
            try readOnce(timeoutMillis: 100)
        }
    }

    /// The next protocol message carried in binary messages, within `timeoutMillis`.
    public func nextMessage(timeoutMillis: Int32 = 10_000) throws -> ServerMessage {
        while true {
            if let frame = try frames.next() { return try ServerMessage.decode(frame) }
            guard let message = try nextWebSocketFrame(timeoutMillis: timeoutMillis) else {
                throw TestSupportError("the WebSocket closed")
            }
            if message.opcode == .binary || message.opcode == .continuation { frames.append(message.payload) }
            if message.opcode == .close { throw TestSupportError("the WebSocket closed: \(message.payload)") }
        }
    }

    /// Reads protocol messages until one matches.
    @discardableResult
    public func waitFor(timeoutMillis: Int32 = 10_000, _ matches: (ServerMessage) -> Bool) throws -> ServerMessage {
        while true {
            let message = try nextMessage(timeoutMillis: timeoutMillis)
            if matches(message) { return message }
        }
    }
}
