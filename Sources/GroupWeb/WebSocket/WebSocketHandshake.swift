// WebSocketHandshake: checks an opening handshake (RFC 6455 §4.2.1) and builds the 101 answer (§4.2.2).
import GroupWire

/// The server's half of the opening handshake.
///
/// SHA-1 is not written here: the caller passes the system crypto library's SHA-1 (OpenSSL through the
/// C target) as a function. Check the `Origin` header with ``OriginCheck`` before calling this.
public enum WebSocketHandshake {
    /// The GUID appended to the client's key before hashing (RFC 6455 §1.3).
    public static let magicGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// A SHA-1 function: 20 bytes of digest for any input. Injected, never implemented in GroupWeb.
    public typealias SHA1 = ([UInt8]) -> [UInt8]

    /// Whether the request asks to upgrade to a WebSocket at all (an `Upgrade` header naming `websocket`),
    /// so a router can tell a WebSocket attempt from a plain page request.
    public static func isUpgradeRequest(_ request: HTTPRequest) -> Bool {
        request.headers.tokens("Upgrade").contains("websocket")
    }

    /// Checks the handshake and returns the client's `Sec-WebSocket-Key`.
    /// - Parameter request: The `GET /ws` request.
    /// - Returns: The key, exactly as sent (Base64 of 16 bytes).
    /// - Throws: ``WebSocketHandshakeError`` with the status to answer: 405 (not GET), 400 (HTTP/1.0,
    ///   no `upgrade` in `Connection`, a bad or missing key), 426 (no `Upgrade: websocket`, or a
    ///   `Sec-WebSocket-Version` other than 13).
    public static func validate(_ request: HTTPRequest) throws(WebSocketHandshakeError) -> String {
        guard request.method == .get else {
            throw WebSocketHandshakeError(
                status: .methodNotAllowed, reason: "a WebSocket handshake is a GET request",
                headers: HTTPHeaders([("Allow", "GET")]))
        }
        guard request.version == .http1_1 else {
            throw WebSocketHandshakeError(status: .badRequest, reason: "a WebSocket handshake needs HTTP/1.1")
        }
        guard isUpgradeRequest(request) else {
            throw WebSocketHandshakeError(
                status: .upgradeRequired, reason: "this address only speaks WebSocket",
                headers: HTTPHeaders([("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13")]))
        }
        guard request.headers.tokens("Connection").contains("upgrade") else {
            throw WebSocketHandshakeError(status: .badRequest, reason: "the Connection header must include upgrade")
        }
        guard request.headers["Sec-WebSocket-Version"] == ["13"] else {
            throw WebSocketHandshakeError(
                status: .upgradeRequired, reason: "only WebSocket version 13 is supported",
                headers: HTTPHeaders([("Sec-WebSocket-Version", "13")]))
        }
        let keys = request.headers["Sec-WebSocket-Key"]
        guard keys.count == 1, Base64.decode(keys[0])?.count == 16 else {
            throw WebSocketHandshakeError(
                status: .badRequest, reason: "Sec-WebSocket-Key must be one Base64 value of 16 bytes")
        }
        return keys[0]
    }

    /// The `Sec-WebSocket-Accept` value: Base64 of SHA-1 of the key followed by ``magicGUID``.
    /// - Parameters:
    ///   - key: The client's `Sec-WebSocket-Key`, as sent.
    ///   - sha1: The system's SHA-1.
    /// - Returns: E.g. `s3pPLMBiXw+Mhc+NmOfu4gd+mnY=` for the key `dGhlIHNhbXBsZSBub25jZQ==`.
    public static func acceptValue(forKey key: String, sha1: SHA1) -> String {
        Base64.encode(sha1(Array((key + magicGUID).utf8)))
    }

    /// Checks the handshake and builds the `101 Switching Protocols` response.
    ///
    /// No subprotocol and no extension is accepted: the response names none, so a browser will not
    /// compress (RSV1 frames are then protocol errors).
    /// - Parameters:
    ///   - request: The `GET /ws` request.
    ///   - sha1: The system's SHA-1.
    /// - Returns: The response; encode it with `encoded(keepAlive: true)` and switch the connection to
    ///   ``WebSocketConnection``, feeding it the parser's ``HTTPRequestParser/takeBufferedBytes()``.
    /// - Throws: ``WebSocketHandshakeError`` as ``validate(_:)`` does; answer its
    ///   ``WebSocketHandshakeError/response`` and close.
    public static func response(to request: HTTPRequest, sha1: SHA1) throws(WebSocketHandshakeError) -> HTTPResponse {
        let key = try validate(request)
        return HTTPResponse(
            status: .switchingProtocols,
            headers: HTTPHeaders([
                ("Upgrade", "websocket"),
                ("Connection", "Upgrade"),
                ("Sec-WebSocket-Accept", acceptValue(forKey: key, sha1: sha1)),
            ]))
    }
}

/// A refused WebSocket handshake: the status, why, and any header the status calls for.
public struct WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with.
    public let status: HTTPStatus
    /// A sentence for people.
    public let reason: String
    /// Headers the status calls for (`Allow` with 405, `Upgrade` and `Sec-WebSocket-Version` with 426).
    public let headers: HTTPHeaders

    /// Creates the error.
    public init(status: HTTPStatus, reason: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    /// The response to send before closing: the status, the extra headers, the reason as text.
    public var response: HTTPResponse {
        var response = HTTPResponse.text(status, reason)
        for field in headers { response.headers.add(name: field.name, value: field.value) }
        return response
    }

    public var description: String { "\(status): \(reason)" }
}
