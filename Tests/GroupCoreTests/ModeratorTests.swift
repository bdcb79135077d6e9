// ModeratorTests: /op and /deop, what moderators may do from their chat, and who nobody may act on.
import GroupCore
import GroupWire
import Testing

@Suite("Moderators")
struct ModeratorTests {
    @Test func opMakesAModeratorSavesAndAnnouncesIt() {
        var core = CoreHarness()
        let bob = core.member("bob")
        let effects = core.run(.admin(.op("Bob")))
        let saved = savedMembers(effects)
        #expect(saved.count == 1)
        #expect(saved.first.flatMap { if case .put(let member) = $0 { member } else { nil } }.map { [$0.name, $0.role.rawValue] }
            == ["bob", "moderator"])
        #expect(effects.contains(.broadcast(.roleChanged(name: "bob", role: .moderator))))
        #expect(logs(effects) == ["olga made bob a moderator"])
        #expect(replies(effects) == ["bob is now a moderator"])
        let who = core.run(.request(bob, .who))
        #expect(who.contains(.send(bob, .onlineList([
            OnlineMember(name: "olga", role: .owner), OnlineMember(name: "bob", role: .moderator),
        ]))))
        #expect(replies(core.run(.admin(.who))) == ["online: olga (owner), bob (moderator)"])
        #expect(replies(core.run(.admin(.members)))[0].contains("bob (moderator) online"))
    }

    @Test func deopMakesAMemberAgain() {
        var core = CoreHarness()
        _ = core.moderator("bob")
        let effects = core.run(.admin(.deop("bob")))
        #expect(effects.contains(.broadcast(.roleChanged(name: "bob", role: .member))))
        #expect(logs(effects) == ["olga made bob a member again (no longer a moderator)"])
        #expect(replies(core.run(.admin(.deop("bob")))) == ["bob is not a moderator"])
    }

    @Test(arguments: [
        (AdminCommand.op("ghost"), "no member named ghost"), (.op("olga"), "you are the owner; your role does not change"),
        (.deop("olga"), "you are the owner; your role does not change"),
    ])
    func roleMistakesAreSentences(command: AdminCommand, reply: String) {
        var core = CoreHarness()
        #expect(core.run(.admin(command)) == [.reply(reply)])
    }

    @Test func aModeratorKicksAMemberAndTheLogSaysWho() {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        let carol = core.member("carol")
        let effects = core.run(.request(bob, .moderate(.kick(name: "carol", reason: "cool off"))))
        #expect(effects.contains(.send(carol, .removed(kind: .kicked, by: "bob", reason: "cool off"))))
        #expect(effects.contains(.close(carol)))
        #expect(responses(effects, to: bob).map(\.2) == ["kicked carol"])
        #expect(logs(effects).contains("bob kicked carol: cool off"))
    }

    @Test func aModeratorApprovesAndRejects() {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        let dave = core.connect()
        let erin = core.connect()
        _ = core.run(.request(dave, .register(username: "dave", password: "pw")))
        _ = core.run(.request(erin, .register(username: "erin", password: "pw")))
        let approved = core.run(.request(bob, .moderate(.approve(name: "dave"))))
        #expect(approved.contains(.send(dave, .joinDecision(admitted: true, text: "welcome to Test group"))))
        #expect(logs(approved).contains("bob admitted dave"))
        let rejected = core.run(.request(bob, .moderate(.reject(name: "erin"))))
        #expect(rejected.contains(.send(erin, .joinDecision(admitted: false, text: "moderator bob declined your request"))))
        #expect(logs(rejected) == ["bob rejected erin"])
        #expect(responses(core.run(.request(bob, .moderate(.list(.pending)))), to: bob).map(\.2) == ["no pending requests"])
    }

    @Test(arguments: [
        ModerationRequest.kick(name: "carol", reason: ""), .ban(name: "carol", seconds: 0, reason: ""),
        .mute(name: "carol", seconds: 0), .approve(name: "carol"), .invite(name: ""), .list(.bans),
    ])
    func aPlainMemberMayNotModerate(request: ModerationRequest) {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.member("carol")
        let effects = core.run(.request(alice, .moderate(request)))
        #expect(status(effects, to: alice) == .forbidden)
        #expect(responses(effects, to: alice).first?.2.hasPrefix("only the owner and moderators may") == true)
        #expect(logs(effects).isEmpty)
    }

    @Test(arguments: [
        (ModerationRequest.kick(name: "olga", reason: ""), "nobody can kick the owner (olga)"),
        (.ban(name: "olga", seconds: 0, reason: ""), "nobody can ban the owner (olga)"),
        (.mute(name: "OLGA", seconds: 60), "nobody can mute the owner (olga)"),
        (.kick(name: "bob", reason: ""), "you cannot kick yourself"),
        (.kick(name: "dave", reason: ""), "only the owner can kick a moderator"),
        (.ban(name: "dave", seconds: 3_600, reason: ""), "only the owner can ban a moderator"),
        (.mute(name: "dave", seconds: 0), "only the owner can mute a moderator"),
    ])
    func nobodyActsOnTheOwnerAndOnlyTheOwnerOnModerators(request: ModerationRequest, refusal: String) {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        _ = core.moderator("dave")
        let effects = core.run(.request(bob, .moderate(request)))
        #expect(responses(effects, to: bob).map(\.0) == [.forbidden])
        #expect(responses(effects, to: bob).map(\.2) == [refusal])
    }

    @Test func theOwnerActsOnModeratorsButNotOnHerself() {
        var core = CoreHarness()
        let dave = core.moderator("dave")
        #expect(core.run(.admin(.kick("olga", reason: ""))) == [.reply("you cannot kick yourself")])
        #expect(core.run(.admin(.ban("olga", reason: ""))) == [.reply("you cannot ban yourself")])
        let effects = core.run(.admin(.ban("dave", reason: "abuse of power")))
        #expect(effects.contains(.send(dave, .removed(kind: .banned, by: "olga", reason: "abuse of power"))))
    }

    @Test(arguments: [
        (ModerationRequest.kick(name: "ghost", reason: ""), StatusCode.notFound, "ghost is not online"),
        (.mute(name: "ghost", seconds: 0), .notFound, "no member named ghost"),
        (.unban(name: "ghost"), .notFound, "ghost is not banned"),
        (.unmute(name: "carol"), .notFound, "carol is not muted"),
        (.approve(name: "ghost"), .notFound, "no pending request from ghost"),
        (.ban(name: "bad name!", seconds: 0, reason: ""), .badRequest, "a username may contain only a-z, 0-9, '_' and '-'"),
        (.ban(name: "carol", seconds: 400 * 86_400, reason: ""), .badRequest, "a duration is at most 365d"),
    ])
    func badTargetsGetAClearStatus(request: ModerationRequest, expected: StatusCode, text: String) {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        _ = core.member("carol")
        let effects = core.run(.request(bob, .moderate(request)))
        #expect(responses(effects, to: bob).map(\.0) == [expected])
        #expect(responses(effects, to: bob).map(\.2) == [text])
    }

    @Test func theRoleSurvivesARename() {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        _ = core.run(.request(bob, .rename(newName: "robert")))
        _ = core.member("carol")
        #expect(responses(core.run(.request(bob, .moderate(.kick(name: "carol", reason: "")))), to: bob).map(\.0) == [.ok])
    }
}
