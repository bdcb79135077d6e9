// StatusCode: the response status codes and their meanings.

/// A response status, with HTTP-like meanings.
public enum StatusCode: Int, CaseIterable, Sendable {
    case ok = 200
    case created = 201
    case accepted = 202
    case badRequest = 400
    case unauthorized = 401
    case forbidden = 403
    case notFound = 404
    case conflict = 409
    /// The connection must use TLS (the client connected with --plaintext to a server that encrypts).
    case upgradeRequired = 426
    case tooLarge = 413
    case tooManyRequests = 429
    case serverError = 500
    case unavailable = 503

    /// Whether the request succeeded (2xx).
    public var isSuccess: Bool { rawValue < 300 }

    /// A short name for logs and client messages.
    public var phrase: String {
        switch self {
        case .ok: return "OK"
        case .created: return "Created"
        case .accepted: return "Accepted (pending)"
        case .badRequest: return "Bad request"
        case .unauthorized: return "Unauthorized"
        case .forbidden: return "Forbidden"
        case .notFound: return "Not found"
        case .conflict: return "Conflict"
        case .upgradeRequired: return "Upgrade required (TLS)"
        case .tooLarge: return "Too large"
        case .tooManyRequests: return "Too many requests"
        case .serverError: return "Server error"
        case .unavailable: return "Unavailable"
        }
    }
}
