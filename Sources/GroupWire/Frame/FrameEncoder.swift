// FrameEncoder: writes a header and payload as one contiguous byte array.

/// Encodes frames into bytes ready for a socket.
public enum FrameEncoder {
    /// Encodes one frame.
    /// - Parameters:
    ///   - type: The command or event code.
    ///   - payload: The payload bytes.
    /// - Returns: Header followed by payload.
    public static func encode(type: UInt16, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(WireLimits.headerSize + payload.count)
        FrameHeader(type: type, length: UInt32(payload.count)).write(into: &bytes)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// Encodes a frame value.
    public static func encode(_ frame: Frame) -> [UInt8] {
        encode(type: frame.type, payload: frame.payload)
    }
}
