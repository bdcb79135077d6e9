// QueryParametersTests: query strings and paths decode strictly; request helpers (bearer token, media type).
import GroupWeb
import Testing

@Suite("QueryParameters and request targets")
struct QueryParametersTests {
    @Test func historyQueryDecodes() throws {
        let query = try #require(QueryParameters(parsing: "before=42&count=20"))
        #expect(query["before"] == "42")
        #expect(query["count"] == "20")
        #expect(query["missing"] == nil)
    }

    @Test func escapesPlusesRepeatsAndEmptyPairs() throws {
        let query = try #require(QueryParameters(parsing: "q=caf%C3%A9+au+lait&a=1&&a=2&flag&e=&%26=%3D"))
        #expect(query["q"] == "café au lait")
        #expect(query.values("a") == ["1", "2"])
        #expect(query["flag"] == "")
        #expect(query["e"] == "")
        #expect(query["&"] == "=")
        #expect(query.pairs.count == 6)
    }

    @Test(arguments: ["a=%", "a=%4", "a=%G1", "a=%C3", "a=%00", "%ZZ=1"])
    func badEscapesAreRefused(query: String) {
        #expect(QueryParameters(parsing: query) == nil)
    }

    @Test func pathsDecodeWithoutTurningPlusIntoSpace() throws {
        let request = try HTTPRequest(method: .get, target: "/files/a+b%20c.txt?x=a+b")
        #expect(request.path == "/files/a+b c.txt")
        #expect(request.query["x"] == "a b")
    }

    @Test func percentDecodingIsStrict() {
        #expect(PercentDecoding.decode("%41%62", plusIsSpace: false) == "Ab")
        #expect(PercentDecoding.decode("%4", plusIsSpace: false) == nil)
        #expect(PercentDecoding.decode("%FF", plusIsSpace: false) == nil)
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic abc", nil), ("Bearer", nil), ("Bearer ", nil),
    ])
    func bearerTokens(header: String, token: String?) throws {
        let request = try HTTPRequest(method: .get, target: "/", headers: HTTPHeaders([("Authorization", header)]))
        #expect(request.bearerToken == token)
    }

    @Test func twoAuthorizationHeadersGiveNoToken() throws {
        let request = try HTTPRequest(
            method: .get, target: "/",
            headers: HTTPHeaders([("Authorization", "Bearer a"), ("Authorization", "Bearer b")]))
        #expect(request.bearerToken == nil)
    }

    @Test func mediaTypeDropsParametersAndCase() throws {
        let request = try HTTPRequest(
            method: .post, target: "/", headers: HTTPHeaders([("Content-Type", "Application/JSON; charset=utf-8")]))
        #expect(request.mediaType == "application/json")
    }

    @Test func headersRemoveAndReplaceByAnyCase() {
        var headers = HTTPHeaders([("A", "1"), ("a", "2"), ("B", "3")])
        headers.replaceOrAdd(name: "A", value: "4")
        #expect(headers["a"] == ["4"])
        headers.remove(name: "b")
        #expect(headers.count == 1)
        #expect(!headers.contains("B"))
    }
}
