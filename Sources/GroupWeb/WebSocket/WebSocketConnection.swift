// WebSocketConnection: the server's side of one WebSocket (RFC 6455): messages, ping/pong, the close handshake.

/// What the connection asks its owner to do after bytes arrive.
public enum WebSocketEvent: Sendable, Equatable {
    /// A whole text message (fragments reassembled, UTF-8 checked).
    case text(String)
    /// A whole binary message (fragments reassembled).
    case binary([UInt8])
    /// Bytes to write to the peer now: the pong answering a ping.
    case write([UInt8])
    /// The peer answered a ping; its payload. Useful as a sign of life, otherwise ignorable.
    case pong([UInt8])
    /// The WebSocket is over. Write `reply` (when not empty: the close frame echoing the peer's, or the one
    /// telling the peer why it is failed), then close the TCP connection. `code` and `reason` say why:
    /// the peer's close code (1005 when its close frame had none), or the error's.
    case closed(code: WebSocketCloseCode, reason: String, reply: [UInt8])
}

/// One WebSocket connection after the handshake, as a pure state machine: bytes in, events out.
///
/// ```
/// connection.append(bytesFromSocket)
/// while let event = connection.next() {
///     switch event {
///     case .binary(let bytes): feed bytes to the group's frame decoder
///     case .text: a groupchat client never sends text; close with 1003 (see docs/WEB.md)
///     case .write(let bytes): queue bytes
///     case .pong: note the sign of life
///     case .closed(_, _, let reply): queue reply, close the socket once written
///     }
/// }
/// ```
///
/// Fragments are reassembled (control frames may come between them), pings are answered with pongs,
/// and a close frame is answered with a close frame. Any violation fails the connection with the
/// right code: 1002 for protocol errors, 1007 for text that is not UTF-8, 1009 for a message over
/// `maxMessageBytes`. The server's own frames are never masked.
public struct WebSocketConnection: Sendable {
    /// Where the closing handshake stands.
    public enum State: Sendable, Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's; its data messages are dropped.
        case closing
        /// The WebSocket is over; nothing more is read or written.
        case closed
    }

    /// The largest message accepted, after reassembly.
    public let maxMessageBytes: Int
    /// Where the closing handshake stands.
    public private(set) var state: State = .open
    private var decoder: WebSocketFrameDecoder
    /// The kind of the fragmented message being reassembled, if any, and its bytes so far.
    private var fragmentOpcode: WebSocketOpcode?
    private var fragmentBytes: [UInt8] = []

    /// Creates the server's side of a WebSocket whose handshake has completed.
    /// - Parameter maxMessageBytes: The largest message accepted (default 128 KiB: room for one
    ///   groupchat file chunk frame). Larger ones close the connection with 1009.
    public init(maxMessageBytes: Int = 128 * 1024) {
        self.maxMessageBytes = maxMessageBytes
        self.decoder = WebSocketFrameDecoder(maxPayload: maxMessageBytes, role: .server)
    }

    /// Appends bytes read from the socket; ignored once closed.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard state != .closed else { return }
        decoder.append(bytes)
    }

    /// Appends bytes read from the socket, from raw memory; ignored once closed.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard state != .closed else { return }
        decoder.append(bytes)
    }

    /// Bytes received but not yet turned into events.
    public var bufferedByteCount: Int { decoder.bufferedByteCount }

    /// Returns the next event, or `nil` when more bytes are needed (or the connection is closed).
    public mutating func next() -> WebSocketEvent? {
        while state != .closed {
            let frame: WebSocketFrame
            do {
                guard let decoded = try decoder.next() else { return nil }
                frame = decoded
            } catch {
                return fail(error)
            }
            do {
                if let event = try handle(frame) { return event }
            } catch {
                return fail(error)
            }
        }
        return nil
    }

    // MARK: - Sending

    /// Encodes a binary message to send; `nil` once the closing handshake has started.
    public func binaryMessage(_ payload: [UInt8]) -> [UInt8]? {
        state == .open ? WebSocketFrameEncoder.binary(payload) : nil
    }

    /// Encodes a text message to send; `nil` once the closing handshake has started.
    public func textMessage(_ text: String) -> [UInt8]? {
        state == .open ? WebSocketFrameEncoder.text(text) : nil
    }

    /// Encodes a ping (for keep-alive); `nil` once the closing handshake has started.
    /// - Parameter payload: At most 125 bytes, echoed in the pong.
    public func ping(_ payload: [UInt8] = []) -> [UInt8]? {
        guard state == .open else { return nil }
        return WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))))
    }

    /// Starts the closing handshake (server shutting down, logout, kick): returns the close frame to write,
    /// or `nil` if it already started. Then keep reading until ``WebSocketEvent/closed(code:reason:reply:)``
    /// arrives, or give up after a few seconds and close the socket.
    public mutating func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") -> [UInt8]? {
        guard state == .open else { return nil }
        state = .closing
        dropFragments()
        return WebSocketFrameEncoder.close(code: code, reason: reason)
    }

    // MARK: - Receiving

    private mutating func handle(_ frame: WebSocketFrame) throws(WebSocketError) -> WebSocketEvent? {
        switch frame.opcode {
        case .ping:
            guard state == .open else { return nil }
            return .write(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .pong, payload: frame.payload)))
        case .pong:
            return .pong(frame.payload)
        case .close:
            return try peerClosed(frame.payload)
        case .text, .binary:
            guard fragmentOpcode == nil else {
                throw .protocolError("a new message started before the previous one ended")
            }
            guard frame.fin else {
                fragmentOpcode = frame.opcode
                fragmentBytes = frame.payload
                return nil
            }
            return try message(frame.opcode, frame.payload)
        case .continuation:
            guard let opcode = fragmentOpcode else {
                throw .protocolError("a continuation frame without a message to continue")
            }
            guard fragmentBytes.count + frame.payload.count <= maxMessageBytes else {
                throw .messageTooBig(limit: maxMessageBytes)
            }
            fragmentBytes += frame.payload
            guard frame.fin else { return nil }
            let bytes = fragmentBytes
            dropFragments()
            return try message(opcode, bytes)
        }
    }

    private func message(_ opcode: WebSocketOpcode, _ bytes: [UInt8]) throws(WebSocketError) -> WebSocketEvent? {
        guard state == .open else { return nil }  // closing: data is dropped
        if opcode == .binary { return .binary(bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return .text(text)
    }

    private mutating func peerClosed(_ payload: [UInt8]) throws(WebSocketError) -> WebSocketEvent {
        let code: WebSocketCloseCode
        let reason: String
        switch payload.count {
        case 0:
            code = .noStatusReceived
            reason = ""
        case 1:
            throw .protocolError("a close frame with a 1-byte payload")
        default:
            code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
            guard code.isAllowedOnTheWire else { throw .protocolError("close code \(code) may not be sent") }
            guard let text = String(validating: payload.dropFirst(2), as: UTF8.self) else { throw .invalidUTF8 }
            reason = text
        }
        let reply = state == .open ? WebSocketFrameEncoder.close(code: code) : []
        state = .closed
        dropFragments()
        return .closed(code: code, reason: reason, reply: reply)
    }

    private mutating func dropFragments() {
        fragmentOpcode = nil
        fragmentBytes = []
    }

    private mutating func fail(_ error: WebSocketError) -> WebSocketEvent {
        let reply = state == .open ? WebSocketFrameEncoder.close(code: error.closeCode, reason: error.reason) : []
        state = .closed
        dropFragments()
        return .closed(code: error.closeCode, reason: error.reason, reply: reply)
    }
}
