// FrameError: why a byte stream could not be split into frames, and the status code it earns.

/// A violation of the framing rules. The receiver answers with `status` and closes the connection.
public enum FrameError: Error, Equatable, Sendable {
    /// The header announced a payload larger than the receiver accepts.
    case payloadTooLarge(announced: UInt32, limit: Int)

    /// The status code a server answers this error with.
    public var status: StatusCode {
        switch self {
        case .payloadTooLarge: return .tooLarge
        }
    }

    /// A sentence for the peer and the log.
    public var message: String {
        switch self {
        case .payloadTooLarge(let announced, let limit):
            return "frame payload of \(announced) bytes exceeds the limit of \(limit) bytes"
        }
    }
}
