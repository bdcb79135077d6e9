// ModerationEndToEndTests: moderators, timed bans, mutes and invitations against the real groupd in every mode,
// with the moderator working from the real `groupctl chat` and new members joining with `groupctl join --invite`.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Moderation end to end", .tags(.endToEnd, .cli))
struct ModerationEndToEndTests {
    @Test(arguments: ServerModes.all)
    func theOwnerOpsAMemberWhoModeratesFromTheChat(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let bob = try group.admit("bob")
        let carol = try group.admit("carol")
        let dave = try group.admit("dave")
        group.server.admin("/op bob")
        try carol.waitFor { $0 == .roleChanged(name: "bob", role: .moderator) }
        #expect(try bob.call(.logout).status == .ok)
        bob.close()

        let home = try Self.addressBook(in: group, for: "bob")
        let chat = try Groupctl.run(["chat", "test"], home: home, password: "secret", input: """
            /who
            /mute carol 10m
            /kick dave being rude
            /ban dave 1d spam
            /kick olga
            /bans
            /invite

            """)
        #expect(chat.status == 0, "\(chat.stderr)")
        for line in [
            "bob (moderator)", "* muted carol for 10m", "* kicked dave", "* banned dave for 1d",
            "! nobody can kick the owner (olga)", "dave by bob, 1d left: spam",
            "groupctl join 127.0.0.1:\(group.server.port) \(group.server.trustArguments.joined(separator: " ")) --user NAME --invite ",
        ] {
            #expect(chat.stdout.contains(line), "the chat did not show '\(line)':\n\(chat.stdout)")
        }

        // The muted member is told, and her messages get a clear refusal.
        let told = try carol.waitFor { if case .muted = $0 { true } else { false } }
        guard case .muted(let by, let until) = told else { Issue.record("not a mute: \(told)"); return }
        #expect(by == "bob" && until != nil)
        let refused = try carol.call(.groupMessage(text: "can anyone hear me?"))
        #expect(refused.status == .forbidden)
        #expect(refused.text.hasPrefix("you are muted by bob for another"))

        // The kicked member is told who did it; the ban keeps him out.
        try dave.waitFor { $0 == .removed(kind: .kicked, by: "bob", reason: "being rude") }
        let again = try group.connect()
        let banned = try again.call(.login(username: "dave", password: "secret"))
        #expect(banned.status == .forbidden && banned.text.hasPrefix("dave is banned for another") && banned.text.hasSuffix(": spam"))

        // The event log says who did what to whom.
        let log = try String(contentsOfFile: group.folder.child("data/events.log"), encoding: .utf8)
        for line in ["olga made bob a moderator", "bob muted carol for 10m", "bob kicked dave: being rude",
                     "bob banned dave for 1d: spam"] {
            #expect(log.contains("\t\(line)\n"), "events.log lacks '\(line)'")
        }

        // Role, mute and ban survive a restart.
        carol.close()
        try group.restart()
        group.server.admin("/members")
        #expect(group.server.waitForOutput(containing: "bob (moderator)"))
        let back = try group.connect()
        try back.login(username: "carol", password: "secret")
        #expect(try back.call(.groupMessage(text: "still muted?")).status == .forbidden)
        #expect(try group.connect().call(.login(username: "dave", password: "secret")).status == .forbidden)
    }

    @Test(arguments: ServerModes.all)
    func aTimedBanLiftsItself(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let dave = try group.admit("dave")
        group.server.admin("/ban dave 1s flooding")
        try dave.waitFor { $0 == .removed(kind: .banned, by: "olga", reason: "flooding") }
        #expect(group.server.waitForOutput(containing: "olga banned dave for 1s: flooding"))
        // The server's tick (about once a second) lifts it and says so; no guessing how long to wait.
        #expect(group.server.waitForOutput(containing: "the ban on dave expired", timeout: 15))
        try group.connect().login(username: "dave", password: "secret")
    }

    @Test(arguments: ServerModes.all)
    func anInvitationAdmitsAtOnceAndOnlyOnce(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "invite"])
        let command = try Self.invitationLine(group, "/invite")
        // The line names the server's fingerprint too, so the invitee pins it without being asked.
        #expect(command.starts(with: ["join", "127.0.0.1:\(group.server.port)"] + group.server.trustArguments + ["--user", "NAME", "--invite"]))
        let erinHome = group.folder.child("erin-home")
        let joined = try Groupctl.run(command.map { $0 == "NAME" ? "erin" : $0 }, home: erinHome, password: "erin-pw")
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(joined.stdout.contains("You are a member of \"Test group\" as erin"))
        try group.connect().login(username: "erin", password: "erin-pw")

        let reused = try Groupctl.run(command.map { $0 == "NAME" ? "frank" : $0 }, home: group.folder.child("frank-home"),
            password: "frank-pw")
        #expect(reused.status == 1)
        #expect(reused.stderr.contains("cannot join with this invitation: invitation") && reused.stderr.contains("is not valid"))
        #expect(group.server.waitForOutput(containing: "erin joined with invitation"))
    }

    @Test(arguments: ServerModes.all)
    func aRevokedInvitationIsRefused(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let command = try Self.invitationLine(group, "/invite gina")
        #expect(command.contains("gina"))
        guard let code = command.last, let id = code.split(separator: "-").first else {
            Issue.record("no code in \(command)")
            return
        }
        group.server.admin("/invites")
        #expect(group.server.waitForOutput(containing: "\(id) for gina by olga"))
        group.server.admin("/revoke \(code)")
        #expect(group.server.waitForOutput(containing: "olga revoked invitation \(id)"))
        let refused = try Groupctl.run(command, home: group.folder.child("gina-home"), password: "gina-pw")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("invitation \(id) is not valid"))
        let log = try String(contentsOfFile: group.folder.child("data/events.log"), encoding: .utf8)
        #expect(log.contains("olga created invitation \(id) for gina, valid for 1d"))
    }

    // MARK: - Helpers

    /// A member's config folder with the group saved as `test`.
    static func addressBook(in group: TestGroup, for name: String) throws -> String {
        let home = group.folder.child("\(name)-home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let pinned = group.server.fingerprint?.description ?? "plaintext"
        try "test\t127.0.0.1:\(group.server.port)\t\(name)\t\(pinned)\n".write(
            toFile: home + "/groups.txt", atomically: true, encoding: .utf8)
        return home
    }

    /// Types `line` at the owner's prompt and returns the `groupctl join …` line it prints, as arguments.
    static func invitationLine(_ group: TestGroup, _ line: String) throws -> [String] {
        group.server.admin(line)
        // The invitation's line, not the `groupctl join` lines groupd prints at start (where members can join).
        guard group.server.waitForOutput(containing: " --invite "),
            let printed = group.server.output.last(where: { $0.contains("groupctl join ") && $0.contains(" --invite ") })
        else { throw TestSupportError("no groupctl join line after \(line)") }
        return printed.split(separator: " ").map(String.init).drop(while: { $0 != "groupctl" }).dropFirst().map { $0 }
    }
}
