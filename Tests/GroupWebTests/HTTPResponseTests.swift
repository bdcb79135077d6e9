// HTTPResponseTests: status lines, Content-Length, the Connection decision, HEAD, header injection, media types.
import GroupWeb
import Testing

@Suite("HTTPResponse")
struct HTTPResponseTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func encodesStatusHeadersLengthAndBody() {
        var response = HTTPResponse(status: .ok, body: Array(#"{"token":"t"}"#.utf8))
        response.headers.add(name: "Content-Type", value: "application/json")
        #expect(
            Self.text(response.encoded(keepAlive: true))
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n"
                + "Connection: keep-alive\r\n\r\n{\"token\":\"t\"}")
    }

    @Test func contentLengthAndConnectionAreNeverTakenFromTheHeaders() {
        let response = HTTPResponse(
            status: .notFound, headers: HTTPHeaders([("Content-Length", "999"), ("connection", "keep-alive")]),
            body: Array("no".utf8))
        #expect(
            Self.text(response.encoded(keepAlive: false))
                == "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
    }

    @Test func headAnnouncesTheLengthWithoutTheBody() throws {
        let request = try HTTPRequest(method: .head, target: "/", headers: HTTPHeaders([("Host", "h")]))
        let bytes = HTTPResponse.text(.ok, "hello").encoded(answering: request)
        #expect(Self.text(bytes).hasSuffix("Content-Length: 6\r\nConnection: keep-alive\r\n\r\n"))
    }

    @Test func noContentHasNoLengthAndNoBody() {
        let bytes = HTTPResponse(status: .noContent, body: [1, 2]).encoded(keepAlive: true)
        #expect(Self.text(bytes) == "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func switchingProtocolsKeepsItsOwnConnectionHeader() {
        let response = HTTPResponse(
            status: .switchingProtocols, headers: HTTPHeaders([("Upgrade", "websocket"), ("Connection", "Upgrade")]))
        #expect(
            Self.text(response.encoded(keepAlive: true))
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
    }

    @Test func controlCharactersCannotInjectHeaderLines() {
        let response = HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Disposition", "attachment; filename=\"a\r\nSet-Cookie: x\"")]))
        let text = Self.text(response.encoded(keepAlive: true))
        #expect(!text.contains("\r\nSet-Cookie"))
        #expect(text.contains("filename=\"a  Set-Cookie: x\""))
    }

    @Test(arguments: [
        ("keep-alive", 200, true), ("close", 200, false), ("keep-alive", 404, true), ("keep-alive", 400, false),
        ("keep-alive", 413, false),
    ])
    func theConnectionStaysOpenOnlyWhenAskedAndSafe(connection: String, code: Int, open: Bool) throws {
        let request = try HTTPRequest(
            method: .get, target: "/", headers: HTTPHeaders([("Host", "h"), ("Connection", connection)]))
        #expect(HTTPResponse(status: HTTPStatus(code: code)).keepsConnectionOpen(answering: request) == open)
    }

    @Test func statusesCarryTheirReasonPhrases() {
        #expect(HTTPStatus(code: 431).description == "431 Request Header Fields Too Large")
        #expect(HTTPStatus.tooManyRequests.description == "429 Too Many Requests")
        #expect(HTTPStatus(code: 599).reasonPhrase == "Status 599")
    }

    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"), ("/app.js", "text/javascript; charset=utf-8"),
        ("app.CSS", "text/css; charset=utf-8"), ("icon.svg", "image/svg+xml"), ("README", "application/octet-stream"),
        ("a.tar.gz", "application/octet-stream"),
    ])
    func contentTypesFollowTheExtension(name: String, type: String) {
        #expect(ContentType.forFileName(name) == type)
    }
}
