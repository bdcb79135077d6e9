// MemberFeaturesEndToEndTests: /me, /away and /back in /who, /whois with last seen, join --note shown to the
// owner, and `groupctl chat` without a group — against the real groupd in every mode and the real groupctl.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Member features end to end", .tags(.endToEnd, .cli))
struct MemberFeaturesEndToEndTests {
    @Test(arguments: ServerModes.all)
    func anActionIsDeliveredKeptInTheTranscriptAndShownWithAStar(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        let bob = try group.admit("bob")
        #expect(try bob.call(.logout).status == .ok)
        bob.close()

        let home = try ModerationEndToEndTests.addressBook(in: group, for: "bob")
        let chat = try Groupctl.run(["chat", "test"], home: home, password: "secret", input: "/me waves at everyone\n")
        #expect(chat.status == 0, "\(chat.stderr)")
        let live = try alice.waitFor { if case .action = $0 { true } else { false } }
        guard case .action(let message) = live else { return }
        #expect(message.sender == "bob" && message.text == "waves at everyone" && message.isAction)
        #expect(chat.stdout.contains("* bob waves at everyone"), "\(chat.stdout)")

        let history = try Groupctl.run(["history", "test"], home: home, password: "secret")
        #expect(history.stdout.contains("* bob waves at everyone"), "\(history.stdout)")
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        #expect(transcript.contains("\taction\tbob\t\twaves at everyone\n"))
        // The owner's window shows it as an action too.
        #expect(group.server.waitForOutput(containing: "* bob waves at everyone"))
    }

    @Test(arguments: ServerModes.all)
    func awayAndBackAreAnnouncedAndShownInWho(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        let bob = try group.admit("bob")
        #expect(try alice.call(.away(reason: "lunch")).status == .ok)
        try bob.waitFor { $0 == .away(name: "alice", reason: "lunch") }
        let bobHome = try ModerationEndToEndTests.addressBook(in: group, for: "bob")
        #expect(try bob.call(.logout).status == .ok)
        bob.close()
        let who = try Groupctl.run(["who", "test"], home: bobHome, password: "secret")
        #expect(who.stdout.contains("alice (away: lunch)"), "\(who.stdout)")
        let chat = try Groupctl.run(["chat", "test"], home: bobHome, password: "secret", input: "/who\n")
        #expect(chat.stdout.contains("* online: olga (owner), alice (away: lunch), bob"), "\(chat.stdout)")

        let watcher = try group.admit("dave")
        #expect(try alice.call(.back).status == .ok)
        try watcher.waitFor { $0 == .back(name: "alice") }
        let after = try Groupctl.run(["who", "test"], home: bobHome, password: "secret")
        #expect(after.stdout.contains("alice\n") && !after.stdout.contains("away"), "\(after.stdout)")
    }

    @Test(arguments: ServerModes.all)
    func whoisTellsJoinedLastSeenRoleAndAwayAndLastSeenSurvivesARestart(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        let bob = try group.admit("bob")
        #expect(try alice.call(.away(reason: "tea")).status == .ok)
        let online = try bob.call(.whois(name: "alice"))
        #expect(online.status == .ok)
        #expect(online.data.first == .sessions(name: "alice", count: 1))
        guard case .memberInfo(let info)? = online.data.last else { Issue.record("no 2037: \(online.data)"); return }
        #expect(info.name == "alice" && info.role == .member && info.state == .away && info.awayReason == "tea")
        #expect(info.lastOnline != nil && info.joinedAt > 0)

        let before = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try alice.call(.logout).status == .ok)
        alice.close()
        try group.restart()
        let carol = try group.connect()
        try carol.login(username: "bob", password: "secret")
        let offline = try carol.call(.whois(name: "alice"))
        guard case .memberInfo(let later)? = offline.data.first else { Issue.record("no 2037: \(offline.data)"); return }
        #expect(later.state == .offline && later.awayReason.isEmpty)
        #expect((later.lastOnline ?? 0) >= before - 1_000)
        #expect(try carol.call(.whois(name: "nobody")).status == .notFound)

        let home = try ModerationEndToEndTests.addressBook(in: group, for: "bob")
        #expect(try carol.call(.logout).status == .ok)
        let chat = try Groupctl.run(["chat", "test"], home: home, password: "secret", input: "/whois alice\n/whois olga\n")
        #expect(chat.stdout.contains("* alice (member) joined "), "\(chat.stdout)")
        #expect(chat.stdout.contains("; last seen "), "\(chat.stdout)")
        #expect(chat.stdout.contains("* olga (owner) joined "), "\(chat.stdout)")
    }

    @Test(arguments: ServerModes.all)
    func aJoinNoteIsShownToTheOwnerWithTheRequestAndInPending(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let home = group.folder.child("carol-home")
        let join = try Groupctl.start(
            ["join", "127.0.0.1:\(group.server.port)", "--user", "carol", "--note", "I'm Bob's sister"]
                + group.server.trustArguments, home: home, password: "pw")
        #expect(group.server.waitForOutput(containing: #"carol asks to join (note: "I'm Bob's sister"): /approve carol"#))
        group.server.admin("/pending")
        #expect(group.server.waitForOutput(containing: #"pending: carol (note: "I'm Bob's sister")"#))
        group.server.admin("/approve carol")
        let result = join.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let pending = try String(contentsOfFile: group.folder.child("data/pending.txt"), encoding: .utf8)
        #expect(pending.isEmpty)
        let refused = try Groupctl.run(
            ["join", "127.0.0.1:\(group.server.port)", "--user", "dan", "--note", "hi", "--invite", "x-y"]
                + group.server.trustArguments, home: home, password: "pw")
        #expect(refused.status == 2)
    }

    @Test(arguments: ServerModes.all)
    func chatWithoutAGroupOpensTheOnlyOneOrListsTheAliases(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        _ = try group.admit("bob").call(.logout)
        let home = try ModerationEndToEndTests.addressBook(in: group, for: "bob")
        let chat = try Groupctl.run(["chat"], home: home, password: "secret", input: "hello from the only group\n")
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(try alice.nextGroupText() == "hello from the only group")

        var book = try String(contentsOfFile: home + "/groups.txt", encoding: .utf8)
        book += book.replacingOccurrences(of: "test\t", with: "other\t")
        try book.write(toFile: home + "/groups.txt", atomically: true, encoding: .utf8)
        let several = try Groupctl.run(["chat"], home: home, password: "secret", input: "hello\n")
        #expect(several.status == 1)
        #expect(several.stderr.contains("you are in several groups (test, other); say which: groupctl chat GROUP"), "\(several.stderr)")

        let empty = group.folder.child("empty-home")
        let none = try Groupctl.run(["chat"], home: empty, password: "secret")
        #expect(none.status == 1 && none.stderr.contains("no groups yet"), "\(none.stderr)")
    }
}
