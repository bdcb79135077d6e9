// HTTPParseError: why a request was refused, and the status that says so.

/// A request the parser refuses. Each case maps to the status to answer before closing the connection.
public enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Malformed syntax or contradicting headers (400).
    case badRequest(String)
    /// The request line alone is longer than the header limit (414).
    case uriTooLong(limit: Int)
    /// The header block is larger than its limit, or has too many fields (431).
    case headerFieldsTooLarge(String)
    /// `Content-Length` announces more than the body limit (413).
    case contentTooLarge(announced: UInt64, limit: Int)
    /// A body sent without `Content-Length` (chunked or another transfer coding) (411).
    case lengthRequired(String)
    /// A well-formed version other than HTTP/1.0 and HTTP/1.1 (505).
    case versionNotSupported(String)

    /// The status to answer with.
    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .contentTooLarge: .contentTooLarge
        case .lengthRequired: .lengthRequired
        case .versionNotSupported: .httpVersionNotSupported
        }
    }

    /// A sentence for people, used as the body of the error response.
    public var reason: String {
        switch self {
        case .badRequest(let why): why
        case .uriTooLong(let limit): "the request line is longer than \(limit) bytes"
        case .headerFieldsTooLarge(let why): why
        case .contentTooLarge(let announced, let limit):
            "a body of \(announced) bytes exceeds the limit of \(limit) bytes"
        case .lengthRequired(let why): why
        case .versionNotSupported(let version): "\(version) is not supported; this server speaks HTTP/1.1"
        }
    }

    public var description: String { "\(status): \(reason)" }
}
