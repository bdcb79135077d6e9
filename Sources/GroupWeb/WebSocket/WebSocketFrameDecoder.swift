// WebSocketFrameDecoder: incremental, bounded parsing of RFC 6455 frames (§5.2), with the masking rule.

/// Turns bytes as they arrive into frames, unmasked.
///
/// Feed bytes with ``append(_:)`` and call ``next()`` until it returns `nil` ("need more bytes"). The
/// header is checked before any payload is buffered: a frame announcing more than `maxPayload` bytes
/// throws at once. Errors are ``WebSocketError``s carrying the close code to send.
///
/// A server decodes client frames, which must be masked; a client decodes server frames, which must not
/// be (RFC 6455 §5.1). Either mistake is a protocol error (1002).
public struct WebSocketFrameDecoder: Sendable {
    /// Which end of the connection is decoding.
    public enum Role: Sendable {
        /// Decodes a client's frames: every frame must be masked.
        case server
        /// Decodes a server's frames: no frame may be masked.
        case client
    }

    /// The largest payload accepted in one frame.
    public let maxPayload: Int
    /// Which end decodes.
    public let role: Role
    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// Creates a decoder.
    /// - Parameters:
    ///   - maxPayload: The largest frame payload; a header announcing more throws
    ///     ``WebSocketError/messageTooBig(limit:)``.
    ///   - role: `.server` (the default) to decode a client's masked frames.
    public init(maxPayload: Int, role: Role = .server) {
        self.maxPayload = maxPayload
        self.role = role
    }

    /// Bytes received but not yet returned as a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes from raw memory.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next whole frame, or `nil` when more bytes are needed.
    /// - Throws: ``WebSocketError`` for a frame that breaks the protocol or the size limit.
    public mutating func next() throws(WebSocketError) -> WebSocketFrame? {
        guard bufferedByteCount >= 2 else {
            compact()
            return nil
        }
        let first = buffer[readIndex]
        let second = buffer[readIndex + 1]
        let fin = first & 0x80 != 0
        guard first & 0x70 == 0 else { throw .protocolError("reserved bits set without an extension") }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw .protocolError("unknown opcode \(first & 0x0F)")
        }
        let masked = second & 0x80 != 0
        switch role {
        case .server where !masked: throw .protocolError("client frames must be masked")
        case .client where masked: throw .protocolError("server frames must not be masked")
        default: break
        }
        if opcode.isControl {
            guard fin else { throw .protocolError("control frames must not be fragmented") }
            guard second & 0x7F <= 125 else { throw .protocolError("control frames carry at most 125 bytes") }
        }
        guard let (length, lengthBytes) = try payloadLength(second & 0x7F) else { return nil }
        guard length <= UInt64(maxPayload) else { throw .messageTooBig(limit: maxPayload) }
        let headerSize = 2 + lengthBytes + (masked ? 4 : 0)
        let frameSize = headerSize + Int(length)
        guard bufferedByteCount >= frameSize else {
            if readIndex > 4096 { compact() }
            return nil
        }
        let payloadStart = readIndex + headerSize
        var payload = Array(buffer[payloadStart..<(payloadStart + Int(length))])
        if masked {
            let keyStart = payloadStart - 4
            for index in payload.indices { payload[index] ^= buffer[keyStart + index % 4] }
        }
        readIndex += frameSize
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    /// The payload length and how many extended-length bytes carried it; `nil` when they have not arrived.
    private func payloadLength(_ short: UInt8) throws(WebSocketError) -> (UInt64, Int)? {
        switch short {
        case 126:
            guard bufferedByteCount >= 4 else { return nil }
            let length = UInt64(buffer[readIndex + 2]) << 8 | UInt64(buffer[readIndex + 3])
            guard length >= 126 else { throw .protocolError("a 16-bit length below 126") }
            return (length, 2)
        case 127:
            guard bufferedByteCount >= 10 else { return nil }
            var length: UInt64 = 0
            for offset in 2..<10 { length = length << 8 | UInt64(buffer[readIndex + offset]) }
            guard length >> 63 == 0 else { throw .protocolError("the 64-bit length has its top bit set") }
            guard length > 0xFFFF else { throw .protocolError("a 64-bit length below 65536") }
            return (length, 8)
        default:
            return (UInt64(short), 0)
        }
    }

    private mutating func compact() {
        if readIndex > 0 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
