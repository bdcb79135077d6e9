// WebLayerTests: one web connection's layer without sockets — requests in, frames out; frames in, responses out.
@testable import GroupServer
import GroupTLS
import GroupWeb
import GroupWebPage
import GroupWire
import Testing

@Suite("WebLayer")
struct WebLayerTests {
    static let fingerprint = Fingerprint(bytes: [UInt8](repeating: 0xAB, count: 32))

    static func layer(tls: Bool = true) throws -> WebLayer {
        WebLayer(site: WebSite(page: try WebPage.load(), port: 8443, tls: tls, fingerprint: tls ? fingerprint : nil,
            hosts: ["a"]))
    }

    static func get(_ web: WebLayer, _ target: String, bearer: String? = nil) -> [UInt8] {
        receive(web, "GET \(target) HTTP/1.1\r\nHost: a\r\n" + (bearer.map { "Authorization: Bearer \($0)\r\n" } ?? "") + "\r\n")
    }

    static func receive(_ layer: WebLayer, _ text: String) -> [UInt8] {
        Array(text.utf8).withUnsafeBytes { layer.receive($0) }
    }

    static func written(_ layer: WebLayer) -> String {
        var out: [UInt8] = []
        layer.wire.drain { raw in
            out = Array(raw)
            return raw.count
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func pageFilesAreAnsweredWithoutTheCore() throws {
        let web = try Self.layer()
        #expect(Self.receive(web, "GET /app.css HTTP/1.1\r\nHost: a\r\n\r\n").isEmpty)
        let response = Self.written(web)
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.contains("Content-Type: text/css; charset=utf-8"))
        #expect(!web.wantsClose)
    }

    @Test func aJoinBecomesHelloAndRegisterAndItsResponseBecomesJSON() throws {
        let web = try Self.layer()
        let body = #"{"username":"alice","password":"pw"}"#
        let frames = Self.receive(web, "POST /api/join HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(frames == ClientRequest.hello(version: 1, client: "web-api").encoded()
            + ClientRequest.register(username: "alice", password: "pw").encoded())
        let answer = ServerMessage.welcome(version: 1, owner: "olga", groupName: "G").encoded()
            + ServerMessage.response(status: .accepted, command: 1000, text: "waiting").encoded()
        answer.withUnsafeBytes { web.send($0) }
        let response = Self.written(web)
        #expect(response.hasPrefix("HTTP/1.1 202 Accepted\r\n"))
        #expect(response.hasSuffix(#"{"message":"waiting","status":"pending"}"#))
    }

    /// WEB.md shows `null` where a value is absent: the fields are present, not left out.
    @Test func infoShowsBothFingerprintFormsOrNullsWithoutTLS() throws {
        for tls in [true, false] {
            let web = try Self.layer(tls: tls)
            #expect(Self.get(web, "/api/info") == ClientRequest.hello(version: 1, client: "web-api").encoded())
            ServerMessage.welcome(version: 1, owner: "olga", groupName: "G").encoded().withUnsafeBytes { web.send($0) }
            let body = Self.written(web).split(separator: "\r\n\r\n").last.map(String.init) ?? ""
            let fingerprint = try #require(Self.fingerprint)
            #expect(body == (tls
                ? #"{"certificateSHA256":"\#(fingerprint.hex)","fingerprint":"\#(fingerprint)","group":"G","owner":"olga","#
                    + #""protocolVersion":1,"tls":true}"#
                : #"{"certificateSHA256":null,"fingerprint":null,"group":"G","owner":"olga","protocolVersion":1,"tls":false}"#))
        }
    }

    @Test func historyEntriesCarryTheirKindAndANullRecipient() throws {
        let web = try Self.layer()
        let token = String(repeating: "a", count: 64)
        _ = Self.get(web, "/api/history?before=0&count=3", bearer: token)
        let answer = ServerMessage.response(status: .ok, command: CommandCode.loginWithToken.rawValue, text: "alice").encoded()
            + ServerMessage.historyEntry(ChatMessage(sequence: 7, time: 5, sender: "bob", recipient: nil, text: "hi")).encoded()
            + ServerMessage.historyEntry(ChatMessage(sequence: 8, time: 6, sender: "bob", recipient: nil, text: "waves",
                isAction: true)).encoded()
            + ServerMessage.historyEntry(ChatMessage(sequence: 9, time: 7, sender: "bob", recipient: "alice", text: "psst")).encoded()
            + ServerMessage.response(status: .ok, command: CommandCode.history.rawValue, text: "3").encoded()
        answer.withUnsafeBytes { web.send($0) }
        let body = Self.written(web).split(separator: "\r\n\r\n").last.map(String.init) ?? ""
        #expect(body == #"{"entries":[{"kind":"group","recipient":null,"sender":"bob","seq":7,"text":"hi","time":5},"#
            + #"{"kind":"action","recipient":null,"sender":"bob","seq":8,"text":"waves","time":6},"#
            + #"{"kind":"direct","recipient":"alice","sender":"bob","seq":9,"text":"psst","time":7}]}"#)
    }

    @Test func aJoinWithAnInvitationCodeIsAnInvitedRegister() throws {
        let web = try Self.layer()
        let body = #"{"username":"carol","password":"pw","invite":"k7dm2qxa-secret"}"#
        let frames = Self.receive(web, "POST /api/join HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(frames == ClientRequest.hello(version: 1, client: "web-api").encoded()
            + ClientRequest.registerInvited(code: "k7dm2qxa-secret", username: "carol", password: "pw").encoded())
        let answer = ServerMessage.response(status: .created, command: CommandCode.registerInvited.rawValue, text: "welcome")
        answer.encoded().withUnsafeBytes { web.send($0) }
        #expect(Self.written(web).hasSuffix(#"{"message":"welcome","status":"admitted"}"#))
    }

    @Test func aForeignOriginIsRefusedAndClosed() throws {
        let web = try Self.layer()
        #expect(Self.receive(web, "GET /api/info HTTP/1.1\r\nHost: a:8443\r\nOrigin: https://evil.example\r\n\r\n").isEmpty)
        #expect(Self.written(web).hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(web.wantsClose)
    }

    @Test func theWebSocketCarriesFramesBothWays() throws {
        let web = try Self.layer()
        let hello = ClientRequest.hello(version: 1, client: "web").encoded()
        let masked = WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .binary, payload: hello), maskingKey: [1, 2, 3, 4])
        let upgrade = Array(("GET /ws HTTP/1.1\r\nHost: a:8443\r\nOrigin: https://a:8443\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").utf8)
        // The first message arrives in the same read as the handshake.
        let frames = (upgrade + masked).withUnsafeBytes { web.receive($0) }
        #expect(frames == hello)
        #expect(Self.written(web).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        let shutdown = ServerMessage.shuttingDown(reason: "bye").encoded()
        shutdown.withUnsafeBytes { web.send($0) }
        web.finish()
        var out: [UInt8] = []
        web.wire.drain { raw in
            out = Array(raw)
            return raw.count
        }
        #expect(out == WebSocketFrameEncoder.binary(shutdown) + WebSocketFrameEncoder.close(code: .goingAway))
    }

    @Test func randomAndMutatedInputNeverTraps() throws {
        var random = SystemRandomNumberGenerator()
        let seeds = [
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /api/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n\u{82}\u{86}abcd",
        ].map { Array($0.utf8) }
        for round in 0..<1500 {
            let web = try Self.layer()
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 0...8, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if round % 5 == 0 { bytes += (0..<200).map { _ in UInt8.random(in: 0...255, using: &random) } }
            var at = 0
            while at < bytes.count {
                let step = min(bytes.count - at, Int.random(in: 1...64, using: &random))
                _ = bytes[at..<(at + step)].withUnsafeBytes { web.receive($0) }
                at += step
            }
            let garbage = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
            garbage.withUnsafeBytes { web.send($0) }
            web.finish()
        }
    }

    @Test func pipelinedRequestsAreAnsweredOnlyWhileTheAnswersFitTheBudget() throws {
        let web = try Self.layer()
        let requests = String(repeating: "GET /app.js HTTP/1.1\r\nHost: a\r\n\r\n", count: 2_000)
        #expect(Self.receive(web, requests).isEmpty)
        // Answers stop once the budget is passed; the rest of the requests wait in the layer.
        let first = web.wire.count
        #expect(first >= WebLayer.answerBudget && first < WebLayer.answerBudget + 256 * 1024, "\(first) bytes queued")
        #expect(web.holdsInput)
        // Nothing more happens until the answers are written; then the next budget's worth is answered.
        #expect(web.resume().isEmpty && web.wire.count == first)
        var answered = Self.written(web).components(separatedBy: "HTTP/1.1 200 OK").count - 1
        var rounds = 0
        while web.holdsInput && rounds < 10_000 {
            _ = web.resume()
            answered += Self.written(web).components(separatedBy: "HTTP/1.1 200 OK").count - 1
            rounds += 1
        }
        #expect(answered == 2_000)
        #expect(!web.holdsInput)
    }

    @Test func pingsAreAnsweredOnlyWhileThePongsFitTheBudget() throws {
        let web = try Self.layer()
        let key = "dGhlIHNhbXBsZSBub25jZQ=="
        _ = Self.receive(web, "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n")
        _ = Self.written(web)
        let ping = WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .ping, payload: Array(repeating: 7, count: 125)),
            maskingKey: [1, 2, 3, 4])
        let flood = Array([[UInt8]](repeating: ping, count: 4_000).joined())  // ~520 KB of pings
        _ = flood.withUnsafeBytes { web.receive($0) }
        #expect(web.wire.count < WebLayer.answerBudget + 128)
        #expect(web.holdsInput)
        var pongs = web.wire.count / 127
        _ = Self.written(web)
        while web.holdsInput {
            _ = web.resume()
            pongs += web.wire.count / 127
            _ = Self.written(web)
        }
        #expect(pongs == 4_000)
    }

    @Test func aForeignHostIsRefused421AndClosed() throws {
        let web = try Self.layer()
        #expect(Self.receive(web, "GET / HTTP/1.1\r\nHost: evil.example:8443\r\nOrigin: https://evil.example:8443\r\n\r\n").isEmpty)
        #expect(Self.written(web).hasPrefix("HTTP/1.1 421 Misdirected Request\r\n"))
        #expect(web.wantsClose)
        for host in ["a", "A:8443", "localhost", "127.0.0.1:8443", "[::1]:8443", "localhost."] {
            let allowed = try Self.layer()
            _ = Self.receive(allowed, "GET /app.css HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            #expect(Self.written(allowed).hasPrefix("HTTP/1.1 200 OK\r\n"), "Host: \(host)")
        }
    }
}
