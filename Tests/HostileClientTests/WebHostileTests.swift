// WebHostileTests: what a stranger can throw at the web port, in every mode — garbage, oversized headers,
// another site's Origin, WebSocket frames that break RFC 6455. Each is answered and closed; the group still
// serves a browser and a member afterwards.
import Foundation
import GroupTestSupport
import GroupWeb
import GroupWire
import Testing

@Suite("Hostile web clients", .tags(.endToEnd, .hostile))
struct WebHostileTests {
    @Test(arguments: ServerModes.all)
    func malformedRequestsAreRefusedAndClosed(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0"])
        let server = group.server

        let garbage = try WebClient(server)
        try garbage.send(Array("\u{1}\u{2} NONSENSE\r\n\r\n".utf8))
        #expect(try garbage.readResponse().status == 400)
        #expect(try garbage.waitForClose())

        let huge = try WebClient(server)
        try huge.send(Array("GET / HTTP/1.1\r\nHost: x\r\nX-Filler: \(String(repeating: "a", count: 9000))\r\n\r\n".utf8))
        #expect(try huge.readResponse().status == 431)
        #expect(try huge.waitForClose())

        let body = try WebClient(server)
        try body.send(Array("POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n".utf8))
        #expect(try body.readResponse().status == 413)
        #expect(try body.waitForClose())

        let notJSON = try WebClient(server)
        let refused = try notJSON.request("POST", "/api/join", headers: [("Content-Type", "application/json"), ("Content-Length", "3")])
        #expect(refused.status == 400 || refused.status == 415)

        // Another site's page may neither open the WebSocket nor post to the API.
        let foreign = try WebClient(server)
        #expect(try foreign.upgrade(origin: "https://evil.example").status == 403)
        let post = try WebClient(server)
        #expect(try post.request("POST", "/api/login", headers: [("Origin", "https://evil.example")],
            json: ["username": "a", "password": "b"]).status == 403)
        let other = try WebClient(server)
        #expect(try other.upgrade(origin: post.origin.replacingOccurrences(of: "https", with: "http")).status == 403)

        // An unmasked frame from a client is a protocol error: close 1002.
        let unmasked = try WebClient(server)
        #expect(try unmasked.upgrade().status == 101)
        try unmasked.send(WebSocketFrameEncoder.binary(ClientRequest.hello(version: 1, client: "web").encoded()))
        let close = try unmasked.nextWebSocketFrame()
        #expect(close?.opcode == .close)
        #expect(close.map { Array($0.payload.prefix(2)) } == [0x03, 0xEA])
        #expect(try unmasked.waitForClose())

        // A text message: close 1003.
        let text = try WebClient(server)
        #expect(try text.upgrade().status == 101)
        try text.send(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .text, payload: Array("hi".utf8)), maskingKey: [9, 9, 9, 9]))
        #expect(try text.nextWebSocketFrame().map { Array($0.payload.prefix(2)) } == [0x03, 0xEB])

        // A ping is answered with a pong carrying the same bytes.
        let ping = try WebClient(server)
        #expect(try ping.upgrade().status == 101)
        try ping.send(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .ping, payload: [7, 7]), maskingKey: [1, 1, 1, 1]))
        #expect(try ping.nextWebSocketFrame() == WebSocketFrame(opcode: .pong, payload: [7, 7]))

        // Still serving.
        let after = try WebClient(server)
        #expect(try after.request("GET", "/api/info").status == 200)
        let member = try group.admit("carol")
        #expect(try member.call(.who).status == .ok)
    }
}
