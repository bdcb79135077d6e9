// HTTPResponse: a status, headers and a body, encoded with Content-Length and the Connection decision.

/// A response to write. ``encoded(keepAlive:includeBody:)`` adds `Content-Length` and `Connection`;
/// those two are never taken from ``headers``.
public struct HTTPResponse: Sendable, Equatable {
    /// The status.
    public var status: HTTPStatus
    /// The header fields, without `Content-Length` and `Connection` (added when encoding; for a 101 the
    /// `Connection: Upgrade` given here is kept).
    public var headers: HTTPHeaders
    /// The body; ignored for 1xx, 204 and 304.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response, the text followed by a newline.
    /// - Parameters:
    ///   - status: The status.
    ///   - text: A sentence for people.
    /// - Returns: The response.
    public static func text(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
            body: Array((text + "\n").utf8))
    }

    /// The answer to a request the parser refused: its status, the reason as text. Send it, then close.
    /// - Parameter error: The parser's error.
    public init(error: HTTPParseError) {
        self = .text(error.status, error.reason)
    }

    /// Whether the connection may stay open after this response to `request`: the request asked for it,
    /// and this is not an error that leaves the stream in doubt (400, 411, 413, 414, 431, 505 close).
    public func keepsConnectionOpen(answering request: HTTPRequest) -> Bool {
        request.keepAlive && ![400, 411, 413, 414, 431, 505].contains(status.code)
    }

    /// Encodes the response to `request`: keep-alive as ``keepsConnectionOpen(answering:)`` decides, no body
    /// for `HEAD`.
    public func encoded(answering request: HTTPRequest) -> [UInt8] {
        encoded(keepAlive: keepsConnectionOpen(answering: request), includeBody: request.method != .head)
    }

    /// Encodes the status line, the headers, `Content-Length`, `Connection` and the body.
    ///
    /// Header names and values are cleaned of control characters (each becomes a space), so a value built
    /// from user input cannot inject a header line.
    /// - Parameters:
    ///   - keepAlive: `false` adds `Connection: close` (close after writing); `true` adds
    ///     `Connection: keep-alive`, which HTTP/1.0 clients need and HTTP/1.1 clients ignore.
    ///   - includeBody: `false` for a `HEAD` request: the headers announce the length, no body follows.
    /// - Returns: The bytes to write.
    public func encoded(keepAlive: Bool, includeBody: Bool = true) -> [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(Self.clean(status.reasonPhrase))\r\n"
        let isUpgrade = status == .switchingProtocols
        for field in headers {
            let name = ASCII.lowercased(field.name)
            if name == "content-length" || (name == "connection" && !isUpgrade) { continue }
            text += "\(Self.clean(field.name)): \(Self.clean(field.value))\r\n"
        }
        if !status.forbidsBody {
            text += "Content-Length: \(body.count)\r\n"
        }
        if !isUpgrade {
            text += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if includeBody && !status.forbidsBody { bytes += body }
        return bytes
    }

    private static func clean(_ text: String) -> String {
        String(decoding: text.utf8.map { ASCII.isForbiddenInFieldValue($0) || $0 == ASCII.tab ? ASCII.space : $0 },
            as: UTF8.self)
    }
}
