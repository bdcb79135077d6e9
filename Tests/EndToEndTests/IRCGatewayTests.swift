// IRCGatewayTests: groupd --irc-port in every mode, over TLS — a raw IRC client and groupctl members (the client
// code and the groupctl binary) chat both ways; direct messages, actions, presence, away, whois, renames, the topic,
// PART/JOIN, kicks, bans, and catching up after a reconnect.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("IRC gateway", .tags(.endToEnd))
struct IRCGatewayTests {
    static let capabilities = ["echo-message", "server-time", "away-notify", "batch"]

    @Test(arguments: ServerModes.all)
    func anIRCClientAndGroupctlMembersChatBothWays(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0"])
        let server = group.server
        try group.approve("alice").close()
        let bob = try group.admit("bob")

        let irc = try IRCClient(server)
        let welcome = try irc.register("alice", password: "secret", capabilities: Self.capabilities)
        #expect(welcome.contains { $0.hasPrefix(":groupd 001 alice :Welcome to Test group") })
        #expect(welcome.contains { $0.contains("TLS certificate fingerprint: \(server.fingerprint?.description ?? "?")") })
        #expect(welcome.contains(":alice!alice@groupchat JOIN #test-group"))
        #expect(welcome.contains(":groupd 332 alice #test-group :Test group"))
        #expect(welcome.contains(":groupd 353 alice = #test-group :@olga alice bob"))
        _ = try bob.waitFor { $0 == .presence(name: "alice", online: true) }

        // IRC → group: formatting codes are stripped; the echo carries the transcript's time.
        try irc.send("PRIVMSG #test-group :hello from \u{02}IRC\u{02}")
        #expect(try bob.nextGroupText() == "hello from IRC")
        #expect(try irc.waitFor("PRIVMSG #test-group :hello from IRC").hasPrefix("@time=20"))
        // Group → IRC, a line per line of text; the owner too.
        _ = try bob.call(.groupMessage(text: "hi alice\nhow are you"))
        try irc.waitFor(":bob!bob@groupchat PRIVMSG #test-group :hi alice")
        try irc.waitFor(":bob!bob@groupchat PRIVMSG #test-group :how are you")
        server.admin("welcome, alice")
        try irc.waitFor(":olga!olga@groupchat PRIVMSG #test-group :welcome, alice")

        // Direct messages both ways, and /me.
        try irc.send("PRIVMSG bob :psst")
        _ = try bob.waitFor { if case .directMessage(let m) = $0 { m.sender == "alice" && m.text == "psst" } else { false } }
        _ = try bob.call(.directMessage(recipient: "alice", text: "psst back"))
        try irc.waitFor(":bob!bob@groupchat PRIVMSG alice :psst back")
        try irc.send("PRIVMSG #test-group :\u{01}ACTION waves\u{01}")
        _ = try bob.waitFor { if case .action(let m) = $0 { m.sender == "alice" && m.text == "waves" } else { false } }

        // Away both ways, and WHOIS.
        try irc.send("AWAY :lunch")
        try irc.waitFor(":groupd 306 alice ")
        _ = try bob.waitFor { $0 == .away(name: "alice", reason: "lunch") }
        _ = try bob.call(.away(reason: "brb"))
        try irc.waitFor(":bob!bob@groupchat AWAY brb")
        try irc.send("WHOIS bob")
        try irc.waitFor(":groupd 311 alice bob bob groupchat * :member of Test group")
        try irc.waitFor(":groupd 301 alice bob :brb")
        try irc.waitFor(":groupd 318 alice bob ")

        // A member with the groupctl binary: joins (the channel hears it), sends, and reads the IRC client's words.
        let home = group.folder.child("carol-home")
        let join = try Groupctl.start(["join", "127.0.0.1:\(server.port)", "--user", "carol"] + server.trustArguments,
            home: home, password: "pw")
        #expect(server.waitForOutput(containing: "carol asks to join"))
        server.admin("/approve carol")
        #expect(join.finish().status == 0)
        try irc.waitFor(":groupd NOTICE #test-group :carol joined the group")
        #expect(try Groupctl.run(["send", "test-group", "hello", "IRC"], home: home, password: "pw").status == 0)
        try irc.waitFor(":carol!carol@groupchat JOIN #test-group")
        try irc.waitFor(":carol!carol@groupchat PRIVMSG #test-group :hello IRC")
        try irc.waitFor(":carol!carol@groupchat QUIT :went offline")
        let history = try Groupctl.run(["history", "test-group", "-n", "20"], home: home, password: "pw")
        #expect(history.stdout.contains("alice: hello from IRC"), "\(history.stdout)")

        // Renames both ways; presence as QUIT; NAMES.
        try irc.send("NICK alicia")
        try irc.waitFor(":alice!alice@groupchat NICK alicia")
        _ = try bob.waitFor { $0 == .memberRenamed(old: "alice", new: "alicia") }
        _ = try bob.call(.rename(newName: "robert"))
        try irc.waitFor(":bob!bob@groupchat NICK robert")
        bob.close()
        try irc.waitFor(":robert!robert@groupchat QUIT :went offline")
        try irc.send("NAMES #test-group")
        try irc.waitFor(":groupd 353 alicia = #test-group :@olga alicia")

        // PART logs out (the group stays), JOIN logs in again; the owner's rename is the topic.
        try irc.send("PART #test-group :later")
        try irc.waitFor(":alicia!alicia@groupchat PART #test-group :later")
        #expect(server.waitForOutput(containing: "alicia logged out"))
        try irc.send("JOIN #test-group")
        try irc.waitFor(":alicia!alicia@groupchat JOIN #test-group")
        server.admin("/rename Exam prep")
        try irc.waitFor(":olga!olga@groupchat TOPIC #test-group :Exam prep")
        try irc.send("QUIT :bye")
        try irc.waitFor("ERROR :Closing Link: Quit: bye")
        #expect(try irc.raw.waitForClose())
        #expect(server.waitForOutput(containing: "alicia went offline"))
    }

    @Test(arguments: ServerModes.all)
    func kicksBansAndCatchingUpAfterAReconnect(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0"])
        let server = group.server
        try group.approve("alice").close()
        let bob = try group.admit("bob")

        let first = try IRCClient(server)
        try first.register("alice", password: "secret", sasl: false, capabilities: Self.capabilities)
        server.admin("/kick alice too loud")
        try first.waitFor(":olga!olga@groupchat KICK #test-group alice :too loud")
        try first.waitFor("ERROR :Closing Link: kicked by olga: too loud")
        #expect(try first.raw.waitForClose())
        _ = try bob.waitFor { $0 == .presence(name: "alice", online: false) }

        // What was said meanwhile is played back on the next login, by conversation, in batches.
        _ = try bob.call(.groupMessage(text: "while you were out"))
        _ = try bob.call(.directMessage(recipient: "alice", text: "for your eyes"))
        let second = try IRCClient(server)
        try second.register("alice", password: "secret", capabilities: Self.capabilities)
        try second.waitFor(":groupd NOTICE #test-group :2 new messages since you were last here")
        try second.waitFor(":groupd BATCH +p1 chathistory :#test-group")
        let missed = try second.waitFor(":bob!bob@groupchat PRIVMSG #test-group :while you were out")
        #expect(missed.hasPrefix("@time=20") && missed.contains(";batch=p1 "))
        try second.waitFor(":groupd BATCH -p1")
        try second.waitFor(":groupd BATCH +p2 chathistory :bob")
        try second.waitFor(":bob!bob@groupchat PRIVMSG alice :for your eyes")

        // A moderator kicks from IRC; a ban closes the connection, and logging in again is 465 with the reason.
        server.admin("/op alice")
        try second.waitFor(":olga!olga@groupchat MODE #test-group +o :alice")
        try second.send("KICK #test-group bob :take a break")
        _ = try bob.waitFor { $0 == .removed(kind: .kicked, by: "alice", reason: "take a break") }
        try second.waitFor(":alice!alice@groupchat KICK #test-group bob :take a break")
        server.admin("/deop alice")
        server.admin("/ban alice spamming")
        try second.waitFor(":olga!olga@groupchat KICK #test-group alice :banned: spamming")
        try second.waitFor("ERROR :Closing Link: banned by olga: spamming")
        #expect(try second.raw.waitForClose())

        let third = try IRCClient(server)
        try third.send("PASS secret")
        try third.send("NICK alice")
        try third.send("USER alice 0 * :alice")
        try third.waitFor(":groupd 465 alice :You are banned from this group: alice is banned: spamming")
        try third.waitFor("ERROR :Closing Link: alice is banned: spamming")
        #expect(try third.raw.waitForClose())

        // A wrong password is 904 with SASL, 464 (and the end) with PASS.
        try group.approve("erin").close()
        let wrong = try IRCClient(server)
        try wrong.send("CAP LS 302")
        try wrong.send("NICK erin")
        try wrong.send("USER erin 0 * :erin")
        try wrong.send("CAP REQ sasl")
        try wrong.send("AUTHENTICATE PLAIN")
        try wrong.waitFor("AUTHENTICATE +")
        try wrong.send("AUTHENTICATE " + Base64.encode(Array("\0erin\0nope".utf8)))
        try wrong.waitFor(":groupd 904 erin :SASL authentication failed: wrong password for erin")
        try wrong.send("CAP END")
        try wrong.waitFor(":groupd 464 erin :wrong password for erin")
        #expect(try wrong.raw.waitForClose())
    }

    @Test func aTakenIRCPortStopsGroupdWithAClearReason() throws {
        let group = try TestGroup(mode: ServerModes.all.first ?? "nonblocking")
        let result = try TestProcess.run(Binaries.path(of: "groupd"), ["--host", "127.0.0.1", "--port", "0", "--irc-port",
            String(group.server.port), "--data", group.folder.child("second"), "--owner", "olga"])
        #expect(result.status == 1)
        #expect(result.stderr == "groupd: port \(group.server.port) on 127.0.0.1 is already in use (another groupd, or another "
            + "program, listens there): choose another with --irc-port N, or --irc-port 0 to pick a free one\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: group.folder.child("second")))
    }
}
