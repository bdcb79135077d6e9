// FrameDecoder: incremental, bounded splitting of a byte stream into frames.

/// Turns bytes as they arrive (partial frames, many frames at once) into whole frames.
///
/// Feed bytes with ``append(_:)`` and call ``next()`` until it returns `nil` ("need more bytes").
/// A header announcing more than `maxPayload` bytes throws before any payload is buffered, so a
/// peer cannot make the decoder grow without bound.
public struct FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The largest payload this decoder accepts.
    public let maxPayload: Int

    /// Creates a decoder.
    /// - Parameter maxPayload: The largest payload accepted; a larger announced length throws.
    public init(maxPayload: Int) {
        self.maxPayload = maxPayload
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
    /// - Throws: ``FrameError/payloadTooLarge(announced:limit:)`` when a header announces too much.
    public mutating func next() throws(FrameError) -> Frame? {
        guard bufferedByteCount >= WireLimits.headerSize else {
            compactIfEmpty()
            return nil
        }
        let header = FrameHeader.parse(buffer, at: readIndex)
        guard Int(header.length) <= maxPayload else {
            throw .payloadTooLarge(announced: header.length, limit: maxPayload)
        }
        let frameSize = WireLimits.headerSize + Int(header.length)
        guard bufferedByteCount >= frameSize else {
            compactIfLarge()
            return nil
        }
        let payloadStart = readIndex + WireLimits.headerSize
        let payload = Array(buffer[payloadStart..<(payloadStart + Int(header.length))])
        readIndex += frameSize
        return Frame(type: header.type, payload: payload)
    }

    private mutating func compactIfEmpty() {
        if readIndex > 0 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    private mutating func compactIfLarge() {
        if readIndex > 4096 {
            compactIfEmpty()
        }
    }
}
