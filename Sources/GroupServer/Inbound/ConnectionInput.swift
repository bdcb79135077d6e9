// ConnectionInput: one connection's bytes -> core inputs, with the frame-size limit enforced.
import GroupCore
import GroupWire

/// The inbound half of a connection, shared by every engine: an incremental frame decoder and the
/// request decoder. After a framing error it yields nothing more; the connection is being closed.
public struct ConnectionInput: Sendable {
    private var decoder = FrameDecoder(maxPayload: WireLimits.maxRequestPayload)
    private var failed = false
    /// The session these bytes belong to.
    public let session: SessionID

    /// Creates the input side of `session`.
    public init(session: SessionID) { self.session = session }

    /// Adds received bytes.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) {
        if !failed { decoder.append(bytes) }
    }

    /// Adds received bytes and returns every input they complete.
    public mutating func receiveAll(_ bytes: UnsafeRawBufferPointer) -> [GroupInput] {
        receive(bytes)
        var inputs: [GroupInput] = []
        while let input = next() { inputs.append(input) }
        return inputs
    }

    /// The next input these bytes make, or nil when more bytes are needed.
    public mutating func next() -> GroupInput? {
        guard !failed else { return nil }
        let frame: Frame
        do {
            guard let next = try decoder.next() else { return nil }
            frame = next
        } catch {
            failed = true
            return .protocolViolation(session, error.status, error.message)
        }
        do {
            return .request(session, try ClientRequest.decode(frame))
        } catch {
            return .invalidRequest(session, command: frame.type, reason: error.message)
        }
    }
}
