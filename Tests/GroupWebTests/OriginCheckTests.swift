// OriginCheckTests: only the server's own page may use the API and the WebSocket; no Origin means no browser.
import GroupWeb
import Testing

@Suite("OriginCheck")
struct OriginCheckTests {
    static let byHost = OriginCheck(scheme: "http", port: 8080)
    static let byList = OriginCheck(scheme: "https", port: 443, hosts: ["chat.example.org", "[::1]"])

    @Test(arguments: [
        ("http://192.168.1.20:8080", "192.168.1.20:8080"), ("HTTP://Example.COM:8080", "example.com:8080"),
        ("http://[::1]:8080", "[::1]:8080"), ("http://localhost:8080", "LOCALHOST:8080"),
    ])
    func theServersOwnPageIsAllowed(origin: String, host: String) {
        #expect(Self.byHost.check(origin: origin, host: host) == .sameOrigin)
    }

    @Test(arguments: [
        ("http://evil.example:8080", "192.168.1.20:8080"),  // another site
        ("http://192.168.1.20:8081", "192.168.1.20:8080"),  // another port
        ("http://192.168.1.20", "192.168.1.20:8080"),  // default port 80
        ("https://192.168.1.20:8080", "192.168.1.20:8080"),  // another scheme
        ("null", "192.168.1.20:8080"),  // sandboxed frame, file:
        ("file://", "192.168.1.20:8080"),
        ("http://192.168.1.20:8080/path", "192.168.1.20:8080"),
        ("http://user@192.168.1.20:8080", "192.168.1.20:8080"),
        ("http://192.168.1.20:99999", "192.168.1.20:8080"),
        ("http://192.168.1.20:8080", ""),  // no usable Host
        ("", "192.168.1.20:8080"),
    ])
    func anythingElseIsRejected(origin: String, host: String) {
        #expect(!Self.byHost.check(origin: origin, host: host).isAllowed)
    }

    @Test func noOriginMeansNoBrowserAndIsAllowed() {
        #expect(Self.byHost.check(origin: nil, host: "x:8080") == .noOrigin)
        #expect(Self.byHost.check(origin: nil, host: nil).isAllowed)
    }

    @Test func aListOfNamesIgnoresTheHostHeader() {
        #expect(Self.byList.check(origin: "https://chat.example.org", host: "rebound.example") == .sameOrigin)
        #expect(Self.byList.check(origin: "https://[::1]:443", host: nil) == .sameOrigin)
        #expect(!Self.byList.check(origin: "https://rebound.example", host: "rebound.example").isAllowed)
    }

    @Test func requestsAreCheckedByTheirHeaders() throws {
        let good = try HTTPRequest(
            method: .get, target: "/ws", headers: HTTPHeaders([("Host", "h:8080"), ("Origin", "http://h:8080")]))
        let twice = try HTTPRequest(
            method: .get, target: "/ws",
            headers: HTTPHeaders([("Host", "h:8080"), ("Origin", "http://h:8080"), ("Origin", "http://h:8080")]))
        #expect(Self.byHost.check(good) == .sameOrigin)
        #expect(!Self.byHost.check(twice).isAllowed)
    }
}
