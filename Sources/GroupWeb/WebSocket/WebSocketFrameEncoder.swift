// WebSocketFrameEncoder: frames to bytes (RFC 6455 §5.2): 7-, 16- or 64-bit lengths, masked or not.

/// Encodes frames. A server sends unmasked frames; pass a masking key only to act as a client (tests).
public enum WebSocketFrameEncoder {
    /// Encodes one frame.
    /// - Parameters:
    ///   - frame: The frame; its payload is written as given (masked on the wire if a key is given).
    ///   - maskingKey: Four bytes to mask with, as a client must; `nil` (a server) for no mask.
    /// - Returns: The header (with the shortest length encoding) followed by the payload.
    public static func encode(_ frame: WebSocketFrame, maskingKey: [UInt8]? = nil) -> [UInt8] {
        precondition(maskingKey == nil || maskingKey?.count == 4, "a masking key has 4 bytes")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frame.payload.count + 14)
        bytes.append((frame.fin ? 0x80 : 0) | frame.opcode.rawValue)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        let count = frame.payload.count
        if count <= 125 {
            bytes.append(maskBit | UInt8(count))
        } else if count <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(count >> 8))
            bytes.append(UInt8(count & 0xFF))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(UInt64(count) >> UInt64(shift) & 0xFF))
            }
        }
        if let key = maskingKey {
            bytes += key
            for (index, byte) in frame.payload.enumerated() { bytes.append(byte ^ key[index % 4]) }
        } else {
            bytes += frame.payload
        }
        return bytes
    }

    /// A whole binary message in one frame.
    public static func binary(_ payload: [UInt8]) -> [UInt8] {
        encode(WebSocketFrame(opcode: .binary, payload: payload))
    }

    /// A whole text message in one frame.
    public static func text(_ text: String) -> [UInt8] {
        encode(WebSocketFrame(opcode: .text, payload: Array(text.utf8)))
    }

    /// A close frame: the code (big-endian) and a reason, cut to fit the 125-byte control payload on a
    /// character boundary. `noStatusReceived` (1005) gives an empty close frame, as it may not be sent.
    public static func close(code: WebSocketCloseCode, reason: String = "") -> [UInt8] {
        encode(WebSocketFrame(opcode: .close, payload: closePayload(code: code, reason: reason)))
    }

    /// The payload of a close frame (see ``close(code:reason:)``).
    public static func closePayload(code: WebSocketCloseCode, reason: String) -> [UInt8] {
        guard code != .noStatusReceived else { return [] }
        var reasonBytes: [UInt8] = []
        for character in reason {
            let utf8 = Array(String(character).utf8)
            if reasonBytes.count + utf8.count > 123 { break }
            reasonBytes += utf8
        }
        return [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)] + reasonBytes
    }
}
