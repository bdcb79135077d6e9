// WebSocketFrame: one frame after unmasking, and WebSocketError: why a peer's frames are refused.

/// One WebSocket frame, its payload unmasked. Reserved bits are always zero (the decoder refuses others).
public struct WebSocketFrame: Sendable, Equatable {
    /// Whether this is the final fragment of a message (always `true` for control frames).
    public var fin: Bool
    /// The frame's kind.
    public var opcode: WebSocketOpcode
    /// The application data, unmasked.
    public var payload: [UInt8]

    /// Creates a frame.
    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }
}

/// A violation by the peer that ends the connection, with the close code to send.
public enum WebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame broke RFC 6455 (1002): reserved bits, unknown opcode, masking, control frame rules,
    /// fragmentation order, a non-minimal length, a malformed close frame.
    case protocolError(String)
    /// A frame or a reassembled message larger than the limit (1009).
    case messageTooBig(limit: Int)
    /// A text message or close reason that is not UTF-8 (1007).
    case invalidUTF8

    /// The close code that tells the peer why.
    public var closeCode: WebSocketCloseCode {
        switch self {
        case .protocolError: .protocolError
        case .messageTooBig: .messageTooBig
        case .invalidUTF8: .invalidPayload
        }
    }

    /// A short reason for the close frame (well under the 123 bytes a close reason may hold).
    public var reason: String {
        switch self {
        case .protocolError(let why): why
        case .messageTooBig(let limit): "message larger than \(limit) bytes"
        case .invalidUTF8: "text is not valid UTF-8"
        }
    }

    public var description: String { "\(closeCode.rawValue) \(reason)" }
}
