// TLSError: why a TLS step failed, as something a person can read.

/// A failure of the TLS layer.
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A server received bytes that are not a TLS handshake (a client connecting without TLS).
    case notTLS
    /// The peer ended the TLS session in an orderly way.
    case closed
    /// The handshake or a record failed; the text says why.
    case failed(String)

    public var description: String {
        switch self {
        case .notTLS: "the peer does not speak TLS"
        case .closed: "the peer closed the TLS session"
        case .failed(let text): text
        }
    }
}
