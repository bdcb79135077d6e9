// WebClient: a small HTTP/1.1 and WebSocket client over a blocking socket (TLS through GroupTLS when the server
// uses it), for the end-to-end tests of groupd's web port. It sends exactly the bytes it is given, so hostile
// tests can send garbage too.
import Foundation
import GroupClient
import GroupPosix
import GroupTLS
import GroupWeb
import GroupWire
import Glibc

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

    private let socket: Socket
    private let tls: TLSSession?
    private var received: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// Whether the server closed the connection.
    public private(set) var closed = false
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
        socket = try Socket.connect(host: "127.0.0.1", port: port, receiveBuffer: receiveBuffer, timeoutMillis: timeoutMillis)
        if server.fingerprint != nil {
            tls = try BlockingHandshake.run(
                on: socket, address: GroupAddress(host: "127.0.0.1", port: port), timeoutMillis: timeoutMillis)
        } else {
            tls = nil
        }
    }

    deinit { socket.close() }

    // MARK: - Bytes

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

    /// Reads once (waiting up to `timeoutMillis`); false on timeout or when the server closed.
    @discardableResult
    private func readOnce(timeoutMillis: Int32) throws -> Bool {
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
