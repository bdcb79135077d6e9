// WebFloodTests: a web client that floods and never reads — pings on a WebSocket (anonymous or logged in),
// pipelined page requests — costs the server no more than the connection's budget, in every mode: answers stop
// once 64 KiB of them wait, and the server stops reading the connection until the client reads them.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWeb
import GroupWire
import Testing

@Suite("Web floods", .tags(.endToEnd, .hostile))
struct WebFloodTests {
    /// 16 attackers, as RELIABILITY.md's budget table counts them.
    static let attackers = 16

    /// A group with a web port, whose anonymous connections live long enough for a flood of a few seconds.
    static func harness(_ mode: String) throws -> HostileHarness {
        try HostileHarness(mode: mode, arguments: ["--web-port", "0", "--plaintext", "--handshake-timeout", "30", "--max-joins-per-ip", "0"])
    }

    /// Each client offers `chunk` over and over, round robin, never reading, until the server has taken nothing
    /// from any of them for a second (it stopped reading them all: back-pressure), or `seconds` passed, or the
    /// server cut them off. The server's memory is sampled all along.
    /// - Returns: Whether the server stopped reading every client, and the largest growth of its memory (PSS,
    ///   KiB) seen since ``HostileHarness/recordMemory()``.
    static func pour(_ clients: [WebClient], _ chunk: [UInt8], seconds: Double, harness: HostileHarness) -> (stopped: Bool, peakKiB: Int) {
        var lastTaken = [Date](repeating: Date(), count: clients.count)
        var open = Array(clients.indices)
        var peak = 0
        var sampled = Date.distantPast
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && !open.isEmpty {
            for index in open {
                do {
                    if try clients[index].offer(chunk, stallMillis: 5) { lastTaken[index] = Date() }
                } catch {
                    open.removeAll { $0 == index }  // cut off (a slow reader): it costs nothing more
                }
            }
            if Date().timeIntervalSince(sampled) > 0.1 {
                peak = max(peak, harness.memoryGrowthKiB)
                sampled = Date()
            }
            if open.allSatisfy({ Date().timeIntervalSince(lastTaken[$0]) > 1 }) { return (true, max(peak, harness.memoryGrowthKiB)) }
        }
        return (open.isEmpty, max(peak, harness.memoryGrowthKiB))
    }

    /// The attacking web clients: plaintext (the fastest flood) with a tiny receive buffer, so what the server
    /// answers piles up on the server's side unless it stops reading.
    static func attackers(_ harness: HostileHarness, count: Int = attackers) throws -> [WebClient] {
        try (0..<count).map { _ in try WebClient(harness.group.server, receiveBuffer: 4096) }
    }

    /// A masked WebSocket ping with a 125-byte payload, 500 times (about 65 KB).
    static let pings: [UInt8] = Array([[UInt8]](repeating: WebSocketFrameEncoder.encode(
        WebSocketFrame(opcode: .ping, payload: Array(repeating: 0x70, count: 125)), maskingKey: [1, 2, 3, 4]), count: 500).joined())

    @Test(arguments: ServerModes.all)
    func webSocketsThatPingAndNeverReadStayWithinTheBudget(mode: String) throws {
        let harness = try Self.harness(mode)
        let clients = try Self.attackers(harness)
        for client in clients { #expect(try client.upgrade().status == 101) }
        harness.recordMemory()
        let (stopped, peak) = Self.pour(clients, Self.pings, seconds: 10, harness: harness)
        #expect(stopped, "the server kept reading clients that never read")
        #expect(peak < 16 * 1024 || TestEnvironment.underSanitizer, "the server grew by \(peak) KiB during the flood")
        try harness.expectServed()
        // The answers were made, not dropped: a client that reads gets its pongs.
        #expect(try clients[0].nextWebSocketFrame()?.opcode == .pong)
        withExtendedLifetime(clients) {}
    }

    @Test(arguments: ServerModes.all)
    func loggedInWebMembersThatPingAndNeverReadStayWithinTheBudget(mode: String) throws {
        let harness = try Self.harness(mode)
        var clients: [WebClient] = []
        for index in 0..<Self.attackers {
            let name = "web\(index)"
            let member = try harness.group.connect()
            #expect(try member.call(.register(username: name, password: "pw")).status == .created)
            try member.login(username: name, password: "pw")
            let token = try member.call(.issueToken).text
            #expect(try member.call(.logout).status == .ok)
            member.close()
            let client = try WebClient(harness.group.server, receiveBuffer: 4096)
            #expect(try client.upgrade().status == 101)
            try client.sendBinary(ClientRequest.hello(version: 1, client: "web").encoded() + ClientRequest.loginWithToken(token: token).encoded())
            _ = try client.waitFor { if case .response(.ok, CommandCode.loginWithToken.rawValue, _) = $0 { true } else { false } }
            clients.append(client)
        }
        try harness.recordBaseline()
        harness.recordMemory()
        let (stopped, peak) = Self.pour(clients, Self.pings, seconds: 10, harness: harness)
        #expect(stopped, "the server kept reading members that never read")
        #expect(peak < 16 * 1024 || TestEnvironment.underSanitizer, "the server grew by \(peak) KiB during the flood")
        try harness.expectServed()
        // The members are still members: the server only stopped reading them.
        let member = try harness.group.connect()
        try member.login(username: "probe", password: "pw")
        #expect(try member.call(.who).status == .ok)
        withExtendedLifetime(clients) {}
    }

    @Test(arguments: ServerModes.all)
    func pipelinedRequestsThatAreNeverReadStayWithinTheBudget(mode: String) throws {
        let harness = try Self.harness(mode)
        let clients = try Self.attackers(harness)
        // One request answered and read first, so what is measured is the flood, not a connection's first use
        // (in fork mode its child's first writes to pages it shares with the parent).
        for client in clients { #expect(try client.request("GET", "/app.js").status == 200) }
        harness.recordMemory()
        // 2,000 requests for the page's largest file in one go (about 66 KB sent), never reading an answer.
        for client in clients {
            let requests = String(repeating: "GET /app.js HTTP/1.1\r\nHost: \(client.host)\r\n\r\n", count: 2_000)
            _ = try client.offer(Array(requests.utf8), stallMillis: 500)
        }
        Thread.sleep(forTimeInterval: 1)
        harness.expectMemoryGrowth()
        try harness.expectServed()
        // A client that reads gets its answers, in order.
        #expect(try clients[0].readResponse().status == 200)
        withExtendedLifetime(clients) {}
    }

    @Test(arguments: ServerModes.all)
    func aRequestForAnotherHostIsRefused421(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0", "--web-host", "chat.example.org"])
        let rebound = try WebClient(group.server)
        let port = group.server.webPort ?? 0
        try rebound.send(Array(("GET /api/info HTTP/1.1\r\nHost: evil.example:\(port)\r\n"
            + "Origin: https://evil.example:\(port)\r\n\r\n").utf8))
        let refused = try rebound.readResponse()
        #expect(refused.status == 421)
        #expect(refused.text.contains("does not answer to the name evil.example"))
        #expect(try rebound.waitForClose())
        // Its own addresses, the loopback names and the --web-host name are served.
        for host in ["chat.example.org:\(port)", "localhost:\(port)", "127.0.0.1:\(port)"] {
            let client = try WebClient(group.server)
            try client.send(Array("GET /api/info HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8))
            #expect(try client.readResponse().status == 200, "Host: \(host)")
        }
    }
}
