// WebSocketHandshakeTests: the RFC 6455 §1.3 example, and every reason to refuse a handshake.
import GroupWeb
import Testing

@Suite("WebSocketHandshake")
struct WebSocketHandshakeTests {
    /// FIXTURE, not an implementation of SHA-1: it knows one digest, the one RFC 6455 §1.3 prints for
    /// its sample key (0xb3 0x7a 0x4f … 0xea; also what `openssl sha1` gives for that input), and records
    /// an issue for any other input. The real SHA-1 comes from the system's crypto library.
    static func sha1Fixture(_ input: [UInt8]) -> [UInt8] {
        let rfcInput = Array("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11".utf8)
        guard input == rfcInput else {
            Issue.record("the SHA-1 fixture only knows the RFC 6455 §1.3 input")
            return []
        }
        return [
            0xb3, 0x7a, 0x4f, 0x2c, 0xc0, 0x62, 0x4f, 0x16, 0x90, 0xf6,
            0x46, 0x06, 0xcf, 0x38, 0x59, 0x45, 0xb2, 0xbe, 0xc4, 0xea,
        ]
    }

    static func request(
        method: HTTPMethod = .get, version: HTTPVersion = .http1_1, removing: String? = nil,
        replacing: (String, String)? = nil
    ) throws -> HTTPRequest {
        var headers = HTTPHeaders([
            ("Host", "server.example.com"),
            ("Upgrade", "websocket"),
            ("Connection", "keep-alive, Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Origin", "http://server.example.com"),
            ("Sec-WebSocket-Version", "13"),
        ])
        if let removing { headers.remove(name: removing) }
        if let (name, value) = replacing { headers.replaceOrAdd(name: name, value: value) }
        return try HTTPRequest(method: method, target: "/ws", version: version, headers: headers)
    }

    @Test func theRFCSampleKeyGivesTheRFCAcceptValue() {
        // RFC 6455 §1.3 prints "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" for this key.
        #expect(
            WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==", sha1: Self.sha1Fixture)
                == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func aValidHandshakeGets101() throws {
        let response = try WebSocketHandshake.response(to: try Self.request(), sha1: Self.sha1Fixture)
        #expect(
            String(decoding: response.encoded(keepAlive: true), as: UTF8.self)
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func headerValuesAreCaseInsensitiveWhereTheRFCSaysSo() throws {
        var request = try Self.request(replacing: ("Upgrade", "WebSocket"))
        request.headers.replaceOrAdd(name: "connection", value: "UPGRADE")
        #expect(throws: Never.self) { try WebSocketHandshake.validate(request) }
        #expect(WebSocketHandshake.isUpgradeRequest(request))
    }

    @Test func aPostIs405WithAllow() throws {
        #expect {
            try WebSocketHandshake.validate(try Self.request(method: .post))
        } throws: { error in
            let error = error as! WebSocketHandshakeError
            return error.status.code == 405 && error.response.headers.first("Allow") == "GET"
        }
    }

    @Test func aPlainGetIs426NamingWebSocket() throws {
        let request = try HTTPRequest(method: .get, target: "/ws", headers: HTTPHeaders([("Host", "h")]))
        #expect(!WebSocketHandshake.isUpgradeRequest(request))
        #expect {
            try WebSocketHandshake.validate(request)
        } throws: { error in
            let error = error as! WebSocketHandshakeError
            return error.status.code == 426 && error.response.headers.first("Upgrade") == "websocket"
        }
    }

    @Test(arguments: ["8", "12", "13, 8", ""])
    func anotherVersionIs426NamingVersion13(version: String) throws {
        #expect {
            try WebSocketHandshake.validate(try Self.request(replacing: ("Sec-WebSocket-Version", version)))
        } throws: { error in
            let error = error as! WebSocketHandshakeError
            return error.status.code == 426 && error.response.headers.first("Sec-WebSocket-Version") == "13"
        }
    }

    @Test func aMissingVersionIs426() throws {
        #expect(throws: WebSocketHandshakeError.self) {
            try WebSocketHandshake.validate(try Self.request(removing: "Sec-WebSocket-Version"))
        }
    }

    @Test(arguments: [
        ("Connection", "keep-alive"), ("Sec-WebSocket-Key", "c2hvcnQ="), ("Sec-WebSocket-Key", "not base64!!"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ"),
    ])
    func badConnectionOrKeyIs400(name: String, value: String) throws {
        #expect {
            try WebSocketHandshake.validate(try Self.request(replacing: (name, value)))
        } throws: { error in
            (error as! WebSocketHandshakeError).status.code == 400
        }
    }

    @Test func aMissingKeyOrTwoKeysOrHTTP10Is400() throws {
        var twoKeys = try Self.request()
        twoKeys.headers.add(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ==")
        for request in [try Self.request(removing: "Sec-WebSocket-Key"), twoKeys, try Self.request(version: .http1_0)] {
            #expect {
                try WebSocketHandshake.validate(request)
            } throws: { error in
                (error as! WebSocketHandshakeError).status.code == 400
            }
        }
    }
}
