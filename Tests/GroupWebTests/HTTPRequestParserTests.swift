// HTTPRequestParserTests: requests parse the same however the bytes arrive; every refusal has its status.
import GroupWeb
import Testing

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    static let login = Array(
        ("POST /api/login HTTP/1.1\r\nHost: 192.168.1.20:8080\r\nContent-Type: application/json\r\n"
            + "Content-Length: 36\r\n\r\n{\"username\":\"alice\",\"password\":\"pw\"}").utf8)
    static let history = Array(
        "GET /api/history?before=42&count=20 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer abc123\r\n\r\n".utf8)
    static let stream = login + history

    /// Feeds `bytes` in chunks of `size` and collects every request.
    static func parse(_ bytes: [UInt8], chunk size: Int, limits: HTTPLimits = HTTPLimits()) throws -> [HTTPRequest] {
        var parser = HTTPRequestParser(limits: limits)
        var out: [HTTPRequest] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + size, bytes.count)
            parser.append(bytes[index..<end])
            while let request = try parser.next() { out.append(request) }
            index = end
        }
        return out
    }

    /// The error the parser throws for `text`, fed byte by byte.
    static func failure(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPParseError? {
        do {
            _ = try parse(Array(text.utf8), chunk: 1, limits: limits)
            return nil
        } catch let error as HTTPParseError {
            return error
        } catch {
            return nil
        }
    }

    // MARK: - Splits

    @Test(arguments: [1, 2, 3, 7, 16, 100, 10_000])
    func pipelinedRequestsParseTheSameInAnySplit(chunk: Int) throws {
        let requests = try Self.parse(Self.stream, chunk: chunk)
        #expect(requests.count == 2)
        let login = requests[0]
        #expect(login.method == .post)
        #expect(login.path == "/api/login")
        #expect(login.version == .http1_1)
        #expect(login.headers.first("host") == "192.168.1.20:8080")
        #expect(login.mediaType == "application/json")
        #expect(String(decoding: login.body, as: UTF8.self) == #"{"username":"alice","password":"pw"}"#)
        #expect(login.keepAlive)
        let history = requests[1]
        #expect(history.method == .get)
        #expect(history.path == "/api/history")
        #expect(history.target == "/api/history?before=42&count=20")
        #expect(history.query["before"] == "42")
        #expect(history.query["count"] == "20")
        #expect(history.bearerToken == "abc123")
        #expect(history.body.isEmpty)
    }

    @Test func needsMoreBytesUntilTheBodyIsComplete() throws {
        var parser = HTTPRequestParser()
        parser.append(Self.login.dropLast(1))
        #expect(try parser.next() == nil)
        parser.append(Self.login.suffix(1))
        #expect(try parser.next()?.body.count == 36)
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws {
        let requests = try Self.parse(Array("\r\n\nGET / HTTP/1.1\nHost: h\n\n".utf8), chunk: 1)
        #expect(requests.map(\.path) == ["/"])
    }

    @Test func headerNamesAreCaseInsensitiveAndValuesTrimmed() throws {
        let text =
            "GET / HTTP/1.1\r\nhOsT:   h  \r\nX-Multi: a\r\nx-multi: b\r\nConnection: Keep-Alive, Upgrade\r\n\r\n"
        let request = try #require(try Self.parse(Array(text.utf8), chunk: 1).first)
        #expect(request.headers.first("HOST") == "h")
        #expect(request.headers["X-MULTI"] == ["a", "b"])
        #expect(request.headers.tokens("connection") == ["keep-alive", "upgrade"])
    }

    @Test func takeBufferedBytesHandsOverWhatFollowsAnUpgrade() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /ws HTTP/1.1\r\nHost: h\r\n\r\n".utf8) + [0x81, 0x85, 1, 2])
        #expect(try parser.next()?.path == "/ws")
        #expect(try parser.next() == nil)
        #expect(parser.takeBufferedBytes() == [0x81, 0x85, 1, 2])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func absoluteFormTargetsAreReducedToThePath() throws {
        let request = try #require(
            try Self.parse(Array("GET http://h:8080/api/info?x=1 HTTP/1.1\r\nHost: h:8080\r\n\r\n".utf8), chunk: 5)
                .first)
        #expect(request.path == "/api/info")
        #expect(request.query["x"] == "1")
    }

    // MARK: - Keep-alive

    @Test(arguments: [
        ("HTTP/1.1", "", true), ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.0", "", false), ("HTTP/1.0", "Connection: keep-alive\r\n", true),
    ])
    func keepAliveFollowsVersionAndConnection(version: String, header: String, keepAlive: Bool) throws {
        let text = "GET / \(version)\r\nHost: h\r\n\(header)\r\n"
        #expect(try Self.parse(Array(text.utf8), chunk: 3).first?.keepAlive == keepAlive)
    }

    // MARK: - Refusals

    @Test(arguments: [
        "GET /\r\n\r\n",  // two words
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",  // double space
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",  // bad method
        "GET / HTTX/1.1\r\nHost: h\r\n\r\n",  // bad version
        "GET / HTTP/1.10\r\nHost: h\r\n\r\n",
        "GET api HTTP/1.1\r\nHost: h\r\n\r\n",  // not origin-form
        "GET * HTTP/1.1\r\nHost: h\r\n\r\n",  // * only for OPTIONS
        "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n",  // fragment
        "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n",  // bad escape in the path
        "GET /%00 HTTP/1.1\r\nHost: h\r\n\r\n",  // NUL in the path
        "GET /?a=%C3 HTTP/1.1\r\nHost: h\r\n\r\n",  // not UTF-8 in the query
        "GET / HTTP/1.1\r\n\r\n",  // HTTP/1.1 without Host
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n",  // space before the colon
        "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",  // obsolete folding
        "GET / HTTP/1.1\r\nHost h\r\n\r\n",  // no colon
        "GET / HTTP/1.1\r\nHost: h\u{01}\r\n\r\n",  // control character in a value
        "GET / HTTP/1.1\rHost: h\r\n\r\n",  // bare CR
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    ])
    func malformedRequestsAre400(text: String) {
        let error = Self.failure(text)
        #expect(error?.status == .badRequest, "\(text.debugDescription): \(String(describing: error))")
    }

    @Test func repeatedEqualContentLengthsAreAccepted() throws {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"
        #expect(try Self.parse(Array(text.utf8), chunk: 1).first?.body == Array("ok".utf8))
    }

    @Test func chunkedBodiesAre411() {
        let error = Self.failure("POST /api/join HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(error?.status == .lengthRequired)
        #expect(error?.status.code == 411)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0"])
    func otherVersionsAre505(version: String) {
        let error = Self.failure("GET / \(version)\r\nHost: h\r\n\r\n")
        #expect(error == .versionNotSupported(version))
        #expect(error?.status.code == 505)
    }

    @Test func aBodyOverTheLimitIs413BeforeItArrives() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 10))
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.contentTooLarge(announced: 11, limit: 10)) { try parser.next() }
        #expect(HTTPParseError.contentTooLarge(announced: 11, limit: 10).status.code == 413)
    }

    @Test func aBodyAtTheLimitIsAccepted() throws {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"
        let requests = try Self.parse(Array(text.utf8), chunk: 1, limits: HTTPLimits(maxBodyBytes: 10))
        #expect(requests.first?.body.count == 10)
    }

    @Test func aLongRequestLineIs414WithoutWaitingForItsEnd() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let error = Self.failure("GET /" + String(repeating: "a", count: 100), limits: limits)
        #expect(error == .uriTooLong(limit: 64))
        #expect(error?.status.code == 414)
    }

    @Test func aLargeHeaderBlockIs431WithoutWaitingForItsEnd() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let text = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 100)
        let error = Self.failure(text, limits: limits)
        #expect(error?.status.code == 431)
    }

    @Test func tooManyHeaderFieldsAre431() {
        let limits = HTTPLimits(maxHeaderCount: 3)
        let ok = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"
        let tooMany = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(Self.failure(ok, limits: limits) == nil)
        #expect(Self.failure(tooMany, limits: limits)?.status.code == 431)
    }

    @Test func aFailedParserStaysFailed() {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test func everyErrorBecomesAResponseThatCloses() {
        let errors: [HTTPParseError] = [
            .badRequest("x"), .uriTooLong(limit: 1), .headerFieldsTooLarge("x"),
            .contentTooLarge(announced: 2, limit: 1), .lengthRequired("x"), .versionNotSupported("HTTP/2.0"),
        ]
        #expect(errors.map(\.status.code) == [400, 414, 431, 413, 411, 505])
        for error in errors {
            let text = String(decoding: HTTPResponse(error: error).encoded(keepAlive: false), as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 \(error.status.code) \(error.status.reasonPhrase)\r\n"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.hasSuffix(error.reason + "\n"))
        }
    }
}
