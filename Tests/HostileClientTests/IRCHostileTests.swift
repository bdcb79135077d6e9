// IRCHostileTests: the bounds of the other ports hold on the IRC port, in every mode — a client without TLS, one
// that never logs in, overlong lines, a flood of lines, too many connections from one address, and an IRC client
// that stops reading while the group talks. Each is answered (an IRC ERROR or numeric) and the group keeps serving.
import Foundation
import GroupTestSupport
import GroupWire
import Testing

@Suite("Hostile IRC clients", .tags(.endToEnd, .hostile))
struct IRCHostileTests {
    @Test(arguments: ServerModes.all)
    func theOtherPortsBoundsHoldOnTheIRCPort(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0", "--handshake-timeout", "2"])
        let server = group.server

        // An IRC client without TLS on the TLS port is told so, unencrypted, and closed.
        let plain = try IRCClient(server, tls: false)
        try plain.send("NICK x")
        try plain.waitFor("ERROR :Closing Link: this group's IRC port uses TLS: turn on SSL/TLS")
        #expect(try plain.raw.waitForClose())

        // Saying nothing, or never finishing registration, meets the login deadline.
        let silent = try IRCClient(server)
        let started = Date()
        try silent.waitFor("ERROR :Closing Link: no login within 2 s", timeoutMillis: 10_000)
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(try silent.raw.waitForClose())

        // A line over 512 bytes is refused with 417 and the connection goes on; tags over 8191 bytes too.
        let long = try IRCClient(server)
        try long.send("PRIVMSG #test-group :" + String(repeating: "x", count: 600))
        try long.send("@a=" + String(repeating: "t", count: 9000) + " PING :x")
        try long.send("PING :still here")
        try long.waitFor(":groupd 417 * :input line was too long")
        try long.waitFor(":groupd PONG groupd :still here")
        #expect(long.log.filter { $0.contains(" 417 ") }.count == 2)

        // A flood of lines is cut off.
        let flood = try IRCClient(server)
        try flood.raw.send(Array(String(repeating: "PING :x\r\n", count: 200).utf8))
        try flood.waitFor("ERROR :Closing Link: excess flood")
        #expect(try flood.raw.waitForClose())

        // Still serving: an IRC member logs in and a protocol member too.
        try group.approve("alice").close()
        let alice = try IRCClient(server)
        try alice.register("alice", password: "secret")
        let bob = try group.admit("bob")
        _ = try bob.call(.groupMessage(text: "after the attacks"))
        try alice.waitFor(":bob!bob@groupchat PRIVMSG #test-group :after the attacks")
    }

    @Test(arguments: ServerModes.all)
    func connectionsToTheIRCPortCountAgainstTheSameCaps(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0", "--max-connections-per-ip", "3"])
        let server = group.server
        let held = try (0..<2).map { _ in try IRCClient(server) }
        let member = try group.connect()  // the third, on the protocol port
        let refused = try IRCClient(server, tls: false)  // refused before any TLS
        try refused.waitFor("ERROR :Closing Link: too many connections from 127.0.0.1 (at most 3)")
        #expect(try refused.raw.waitForClose())
        #expect(try member.call(.ping(token: "ok")).text == "ok")
        _ = held
    }

    @Test(arguments: ServerModes.all)
    func anIRCClientThatStopsReadingIsCutOffAndOthersKeepUp(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0"] + TestGroup.unlimited)
        try group.approve("stalled").close()
        let stalled = try IRCClient(group.server)
        try stalled.register("stalled", password: "secret")  // then never reads again
        let sender = try group.admit("sender")
        let reader = try group.admit("reader")
        _ = try sender.waitFor { $0 == .presence(name: "reader", online: true) }
        let text = String(repeating: "x", count: 4000)
        var worst = 0.0
        for _ in 0..<30 {  // 30 × 50 × 4 KB: ~6 MB, far past the 1 MiB queue and the socket buffers
            for _ in 0..<50 { try sender.send(.groupMessage(text: text)) }
            var acknowledged = 0
            while acknowledged < 50 {
                if case .response(.ok, CommandCode.groupMessage.rawValue, _)? = try sender.receive(timeoutMillis: 10_000) {
                    acknowledged += 1
                }
            }
            let started = Date()
            for _ in 0..<50 { _ = try reader.nextGroupText() }
            worst = max(worst, Date().timeIntervalSince(started))
        }
        #expect(worst < 5, "a reader waited \(worst) s for a batch")
        #expect(group.server.waitForOutput(containing: "not reading fast enough"))
        #expect(group.server.waitForOutput(containing: "stalled went offline"))
    }
}
