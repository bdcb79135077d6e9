// HTTPRequest: one parsed request, in the shape a router wants (method, decoded path, query, headers, body).

/// A complete HTTP/1.x request.
///
/// ``HTTPRequestParser`` makes these from bytes; tests and routers can also build them with
/// ``init(method:target:version:headers:body:)``.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, e.g. `GET`.
    public var method: HTTPMethod
    /// The request target exactly as sent, e.g. `/api/history?before=42&count=20`.
    public var target: String
    /// The percent-decoded path of the target, e.g. `/api/history`. `*` for `OPTIONS *`.
    public var path: String
    /// The decoded query parameters.
    public var query: QueryParameters
    /// The version of the request line.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body (`Content-Length` bytes; empty when there is none).
    public var body: [UInt8]

    /// Creates a request, splitting and decoding the target.
    /// - Parameters:
    ///   - method: The method.
    ///   - target: An origin-form target (`/path?query`), an absolute-form one (`http://host/path`), or `*`.
    ///   - version: The version, HTTP/1.1 by default.
    ///   - headers: The header fields.
    ///   - body: The body.
    /// - Throws: ``HTTPParseError/badRequest(_:)`` when the target is malformed.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) throws(HTTPParseError) {
        let (path, query) = try Self.splitTarget(target, method: method)
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// Whether the connection stays open after the response: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let connection = headers.tokens("Connection")
        if connection.contains("close") { return false }
        return version == .http1_1 || connection.contains("keep-alive")
    }

    /// The token of an `Authorization: Bearer TOKEN` header, if there is exactly one such header.
    public var bearerToken: String? {
        let values = headers["Authorization"]
        guard values.count == 1 else { return nil }
        let parts = values[0].split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ASCII.lowercased(parts[0]) == "bearer" else { return nil }
        let token = ASCII.trimmingWhitespace(parts[1])
        return token.isEmpty ? nil : String(token)
    }

    /// The media type of the body without parameters, lowercased: `application/json` for
    /// `Content-Type: application/json; charset=utf-8`.
    public var mediaType: String? {
        guard let value = headers.first("Content-Type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return ASCII.lowercased(ASCII.trimmingWhitespace(type))
    }

    // MARK: - Target

    /// Splits a request target into a decoded path and query (RFC 9112 §3.2).
    static func splitTarget(_ target: String, method: HTTPMethod) throws(HTTPParseError) -> (String, QueryParameters)
    {
        guard !target.isEmpty, target.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .badRequest("the request target must be visible ASCII characters")
        }
        if target == "*" {
            guard method == .options else { throw .badRequest("the target * is only for OPTIONS") }
            return ("*", QueryParameters())
        }
        guard !target.contains("#") else { throw .badRequest("a request target may not contain a fragment (#)") }
        var originForm = Substring(target)
        let lower = ASCII.lowercased(target)
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let afterScheme = originForm[originForm.firstRange(of: "://")!.upperBound...]
            let pathStart = afterScheme.firstIndex { $0 == "/" || $0 == "?" }
            guard let pathStart else { return ("/", QueryParameters()) }
            originForm = afterScheme[pathStart...]
            if originForm.first == "?" { originForm = Substring("/" + originForm) }
        }
        guard originForm.first == "/" else {
            throw .badRequest("the request target must start with /")
        }
        let parts = originForm.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = PercentDecoding.decode(parts[0], plusIsSpace: false) else {
            throw .badRequest("the path has a bad %-escape or is not UTF-8")
        }
        guard let query = parts.count > 1 ? QueryParameters(parsing: parts[1]) : QueryParameters() else {
            throw .badRequest("the query has a bad %-escape or is not UTF-8")
        }
        return (path, query)
    }
}
