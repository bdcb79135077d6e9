// HostileClientTests: what strangers and misbehaving members can throw at a group, in every mode. After
// each attack the group must still serve a member within a second, with memory and files as they were.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Hostile clients", .tags(.endToEnd, .hostile))
struct HostileClientTests {
    private let hello = ClientRequest.hello(version: WireLimits.protocolVersion, client: "hostile").encoded()

    @Test(arguments: ServerModes.all)
    func randomBytes(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let raw = try RawClient(port: harness.port)
            try raw.send((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
            raw.socket.close()
        }
        #expect(harness.waitForAttackersGone())
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func aValidHeaderThenSilenceIsClosedAtTheDeadline(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var raw = try RawClient(port: harness.port)
        var header: [UInt8] = []
        FrameHeader(type: CommandCode.hello.rawValue, length: 100).write(into: &header)
        try raw.send(header)
        let started = Date()
        let answers = try raw.readUntilClosed()
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(answers == [.response(status: .badRequest, command: 0, text: "closing: no login within 2 s")])
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func slowlorisIsCutOffAtTheDeadline(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var raw = try RawClient(port: harness.port)
        let login = hello + ClientRequest.login(username: "probe", password: "pw").encoded()
        var closed = false
        let started = Date()
        for byte in login {
            do { try raw.send([byte]) } catch { closed = true; break }
            usleep(300_000)
            if Date().timeIntervalSince(started) > 8 { break }
        }
        // The server must have hung up: the hello alone is complete within the 8 s, so its welcome makes the
        // socket readable whether or not the deadline works; only the end of the stream tells.
        if !closed { closed = try raw.waitForClose(timeoutMillis: 1_000) }
        #expect(closed, "the server never closed the connection")
        #expect(Date().timeIntervalSince(started) < 9, "a byte-a-second client held its connection")
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func hundredsOfSilentConnectionsAreDroppedAndDoNotBlockOthers(mode: String) throws {
        let harness = try HostileHarness(mode: mode, arguments: ["--max-connections-per-ip", "0"])
        let silent = try (0..<(mode == "fork" ? 100 : 300)).map { _ in try RawClient(port: harness.port) }
        try harness.expectServed()
        // Under a sanitizer every forked child is a heavy process: allow them longer to go.
        let allowed: Double = TestEnvironment.underSanitizer ? 60 : 15
        #expect(harness.waitForAttackersGone(timeout: allowed), "silent connections were never closed")
        try harness.expectUnharmed()
        _ = silent
    }

    @Test(arguments: ServerModes.all)
    func halfClosedAndResetConnections(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        for index in 0..<10 {
            let raw = try RawClient(port: harness.port)
            try raw.send(hello + Array(ClientRequest.login(username: "probe", password: "pw").encoded().prefix(7)))
            if index % 2 == 0 {
                _ = shutdown(raw.socket.fd, Int32(SHUT_WR))
            } else {
                var reset = linger(l_onoff: 1, l_linger: 0)
                setsockopt(raw.socket.fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                raw.socket.close()
            }
        }
        #expect(harness.waitForAttackersGone())
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func escapesAndControlCharactersAreRefused(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        let stranger = try harness.group.connect()
        for name in ["evil\u{1B}[2J", "bell\u{07}", "nul\u{0}x", "../../etc"] {
            #expect(try stranger.call(.register(username: name, password: "pw")).status == .badRequest)
        }
        let member = try harness.group.connect()
        try member.login(username: "probe", password: "pw")
        for text in ["\u{1B}]0;owned\u{07}", "clear\u{1B}[2J", "cr\rcr"] {
            #expect(try member.call(.groupMessage(text: text)).status == .badRequest)
            #expect(try member.call(.directMessage(recipient: "probe", text: text)).status == .badRequest)
        }
        member.close()
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func requestsBeforeLoginAndAfterLogoutAreRefused(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        let client = try harness.group.connect()
        let requests: [ClientRequest] = [.groupMessage(text: "x"), .directMessage(recipient: "probe", text: "x"),
            .history(before: 0, count: 5), .who, .leave, .rename(newName: "x"), .logout]
        for request in requests { #expect(try client.call(request).status == .unauthorized) }
        try client.login(username: "probe", password: "pw")
        #expect(try client.call(.logout).status == .ok)
        for request in requests { #expect(try client.call(request).status == .unauthorized) }
        client.close()
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func aLoginFloodLocksTheNameAndNothingElse(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        let attacker = try harness.group.connect()
        var statuses: [StatusCode] = []
        for _ in 0..<8 { statuses.append(try attacker.call(.login(username: "probe", password: "guess")).status) }
        #expect(Array(statuses.prefix(5)) == Array(repeating: .unauthorized, count: 5))
        #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
        attacker.close()
        let other = try harness.group.connect()
        #expect(try other.call(.register(username: "bystander", password: "pw")).status == .created)
        try other.login(username: "bystander", password: "pw")
        other.close()
        try harness.recordBaseline()
        let deadline = Date().addingTimeInterval(10)
        var retried = false
        while Date() < deadline && !retried {
            let client = try harness.group.connect()
            retried = try client.call(.login(username: "probe", password: "pw")).status == .ok
            client.close()
            if !retried { usleep(200_000) }
        }
        #expect(retried, "the lock on probe never lifted")
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func wrongFieldCountsAreBadRequests(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var raw = try RawClient.greeted(port: harness.port)
        let frames: [(CommandCode, String)] = [(.register, "onlyname"), (.login, ""), (.directMessage, "nobody"),
            (.history, "1"), (.history, "1|2|3")]
        for (command, payload) in frames {
            try raw.send(FrameEncoder.encode(type: command.rawValue, payload: Array(payload.utf8)))
            guard case .response(let status, command.rawValue, _)? = try raw.next() else {
                Issue.record("no answer to \(command) '\(payload)'")
                continue
            }
            #expect(status == .badRequest, "\(command) '\(payload)'")
        }
        try harness.expectUnharmed()
    }
}
