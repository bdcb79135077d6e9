// InvitationTests: one-time codes — kept only as a hash, admit at once in every admission mode, used once,
// revoked, expired, bound to a name, and given back when the join fails halfway.
import GroupCore
import GroupWire
import Testing

@Suite("Invitations")
struct InvitationTests {
    /// The owner's /invite; returns the code and the effects.
    static func invite(_ core: inout CoreHarness, name: String = "") -> (code: String, effects: [GroupEffect]) {
        let effects = core.run(.admin(.moderate(.invite(name: name))))
        return (invitationCode(effects) ?? "", effects)
    }

    static func savedInvitations(_ effects: [GroupEffect]) -> [[Invitation]] {
        effects.compactMap { if case .save(.invitations(let list)) = $0 { list } else { nil } }
    }

    @Test func theOwnerGetsTheJoinLineAndOnlyAHashIsSaved() throws {
        var core = CoreHarness()
        let (code, effects) = Self.invite(&core)
        let parsed = try #require(InvitationCode(parsing: code))
        #expect(parsed.id.count == 8 && parsed.secret.count == 26)
        let reply = try #require(replies(effects).first)
        #expect(reply.hasSuffix("\n  groupctl join 192.0.2.7:7070 --user NAME --invite \(code)"))
        #expect(reply.hasPrefix("invitation \(parsed.id) for anyone (they choose the NAME), valid for 1d and one use"))
        let saved = try #require(Self.savedInvitations(effects).last?.first)
        #expect(saved == Invitation(id: parsed.id, secretHash: "hash:\(parsed.secret)", name: "", by: "olga",
            createdAt: core.now, expiresAt: core.now + 86_400_000))
        #expect(logs(effects) == ["olga created invitation \(parsed.id) for anyone, valid for 1d"])
        #expect(effects.contains(.hashPassword(WorkToken(1), for: .console, password: parsed.secret)))
    }

    @Test(arguments: AdmissionPolicy.allCases)
    func aValidCodeAdmitsAtOnceAndCannotBeReused(admission: AdmissionPolicy) {
        var core = CoreHarness(admission: admission)
        let code = Self.invite(&core).code
        let erin = core.connect()
        let joined = core.run(.request(erin, .registerInvited(code: code, username: "Erin", password: "pw")))
        #expect(responses(joined, to: erin).map(\.0) == [.created])
        #expect(joined.contains(.broadcast(.memberJoined(name: "erin"))))
        let id = InvitationCode(parsing: code)?.id ?? ""
        #expect(logs(joined) == ["erin joined with invitation \(id) from olga"])
        #expect(Self.savedInvitations(joined) == [[]])
        #expect(status(core.run(.request(erin, .login(username: "erin", password: "pw"))), to: erin) == .ok)

        let frank = core.connect()
        let reused = core.run(.request(frank, .registerInvited(code: code, username: "frank", password: "pw")))
        #expect(responses(reused, to: frank).map(\.0) == [.forbidden])
        #expect(responses(reused, to: frank).map(\.2) == ["invitation \(id) is not valid (used, revoked, expired or unknown)"])
    }

    @Test func aRevokedCodeIsRefused() {
        var core = CoreHarness()
        let code = Self.invite(&core).code
        let id = InvitationCode(parsing: code)?.id ?? ""
        #expect(replies(core.run(.admin(.moderate(.list(.invites))))) == ["invitations:\n  \(id) for anyone by olga, 1d left"])
        let revoked = core.run(.admin(.moderate(.revoke(code: code))))
        #expect(logs(revoked) == ["olga revoked invitation \(id)"])
        #expect(replies(core.run(.admin(.moderate(.revoke(code: id))))) == ["no open invitation \(id)"])
        let erin = core.connect()
        #expect(status(core.run(.request(erin, .registerInvited(code: code, username: "erin", password: "pw"))), to: erin) == .forbidden)
    }

    @Test func aCodeExpiresAfterADay() {
        var core = CoreHarness()
        let code = Self.invite(&core).code
        core.now += 86_400_000
        let ticked = core.run(.tick)
        #expect(logs(ticked) == ["invitation \(InvitationCode(parsing: code)?.id ?? "") expired"])
        let erin = core.connect()
        #expect(status(core.run(.request(erin, .registerInvited(code: code, username: "erin", password: "pw"))), to: erin) == .forbidden)
    }

    @Test func aNamedCodeIsOnlyForThatName() {
        var core = CoreHarness()
        let (code, effects) = Self.invite(&core, name: "Erin")
        #expect(replies(effects).first?.hasSuffix("--user erin --invite \(code)") == true)
        let id = InvitationCode(parsing: code)?.id ?? ""
        let frank = core.connect()
        let wrong = core.run(.request(frank, .registerInvited(code: code, username: "frank", password: "pw")))
        #expect(responses(wrong, to: frank).map(\.2) == ["invitation \(id) is for erin, not frank"])
        #expect(status(core.run(.request(frank, .registerInvited(code: code, username: "erin", password: "pw"))), to: frank) == .created)
    }

    @Test func aWrongSecretIsRefusedAndCounted() {
        var core = CoreHarness()
        let code = Self.invite(&core).code
        let id = InvitationCode(parsing: code)?.id ?? ""
        let erin = core.connect()
        let wrong = core.run(.request(erin, .registerInvited(code: "\(id)-guess", username: "erin", password: "pw")))
        #expect(status(wrong, to: erin) == .forbidden)
        #expect(logs(wrong) == ["failed invitation \(id) for erin"])
        #expect(status(core.run(.request(erin, .registerInvited(code: code, username: "erin", password: "pw"))), to: erin) == .created)
    }

    @Test(arguments: [
        ("nodash", StatusCode.badRequest, "an invitation code looks like ID-SECRET, as the owner gave it"),
        ("zzzzzzzz-secret", .forbidden, "invitation zzzzzzzz is not valid (used, revoked, expired or unknown)"),
    ])
    func badCodesGetAClearStatus(code: String, expected: StatusCode, text: String) {
        var core = CoreHarness()
        let erin = core.connect()
        let effects = core.run(.request(erin, .registerInvited(code: code, username: "erin", password: "pw")))
        #expect(responses(effects, to: erin).map(\.0) == [expected])
        #expect(responses(effects, to: erin).map(\.2) == [text])
    }

    @Test func aJoinCutOffAfterTheCheckGivesTheCodeBack() throws {
        var core = CoreHarness()
        let code = Self.invite(&core).code
        let erin = core.connect()
        guard case .checkPassword(let token, _, _, _)? = core.feed(.request(erin, .registerInvited(code: code, username: "erin", password: "pw"))).last
        else { Issue.record("no secret check"); return }
        let checked = core.feed(.passwordChecked(token, matches: true))
        #expect(Self.savedInvitations(checked) == [[]])
        let dropped = core.feed(.disconnected(erin))
        #expect(Self.savedInvitations(dropped).first?.count == 1)
        let again = core.connect()
        #expect(status(core.run(.request(again, .registerInvited(code: code, username: "erin", password: "pw"))), to: again) == .created)
    }

    @Test func aModeratorInvitesFromTheChat() {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        let effects = core.run(.request(bob, .moderate(.invite(name: ""))))
        #expect(responses(effects, to: bob).map(\.0) == [.created])
        #expect(invitationCode(effects) != nil)
        #expect(logs(effects).first?.hasPrefix("bob created invitation") == true)
    }

    @Test(arguments: [
        ("alice", "alice is already a member"), ("dave", "dave is banned; /unban dave first"),
        ("Bad Name", "a username may contain only a-z, 0-9, '_' and '-'"),
    ])
    func invitingAnUnusableNameIsExplained(name: String, reply: String) {
        var core = CoreHarness(bans: [Ban(name: "dave", by: "olga", reason: "", at: 0)])
        _ = core.member("alice")
        #expect(core.run(.admin(.moderate(.invite(name: name)))) == [.reply(reply)])
    }
}
