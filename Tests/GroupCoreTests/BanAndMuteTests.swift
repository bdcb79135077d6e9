// BanAndMuteTests: timed bans that lift themselves on the clock, mutes the member is told about, persistence.
import GroupCore
import GroupWire
import Testing

@Suite("Timed bans and mutes")
struct BanAndMuteTests {
    static let hour: Int64 = 3_600_000

    @Test func aTimedBanEndsTheSessionAndIsSavedWithItsEnd() {
        var core = CoreHarness()
        let carol = core.member("carol")
        let effects = core.run(.admin(.moderate(.ban(name: "carol", seconds: 7_200, reason: "spam"))))
        #expect(effects.contains(.send(carol, .removed(kind: .banned, by: "olga", reason: "spam"))))
        #expect(effects.contains(.close(carol)))
        #expect(effects.contains(.save(.bans([Ban(name: "carol", by: "olga", reason: "spam", at: core.now, until: core.now + 2 * Self.hour)]))))
        #expect(logs(effects).contains("olga banned carol for 2h: spam"))
        #expect(replies(effects) == ["banned carol for 2h"])
    }

    @Test func aTimedBanLiftsItselfOnTheTick() {
        var core = CoreHarness()
        _ = core.member("carol")
        _ = core.run(.admin(.moderate(.ban(name: "carol", seconds: 7_200, reason: ""))))
        core.now += 2 * Self.hour - 1
        #expect(logs(core.run(.tick)).isEmpty)
        core.now += 1
        let lifted = core.run(.tick)
        #expect(lifted.contains(.save(.bans([]))))
        #expect(logs(lifted) == ["the ban on carol expired"])
        let again = core.connect()
        #expect(status(core.run(.request(again, .login(username: "carol", password: "pw"))), to: again) == .ok)
    }

    @Test func anExpiredBanIsLiftedAtLoginEvenBeforeTheTick() {
        var core = CoreHarness(bans: [Ban(name: "carol", by: "mo", reason: "", at: 0, until: 1_000_500)])
        _ = core.member("dave")
        let session = core.connect()
        core.now = 1_000_499
        let refused = core.run(.request(session, .register(username: "carol", password: "pw")))
        #expect(responses(refused, to: session).map(\.2) == ["the name carol is taken"])
        core.now = 1_000_500
        let effects = core.run(.request(session, .register(username: "carol", password: "pw")))
        #expect(logs(effects).first == "the ban on carol expired")
        #expect(status(effects, to: session) == .accepted)
    }

    @Test func refusalsAndTheListSayTheReasonAndTimeLeft() {
        var core = CoreHarness(members: [Member(name: "dave", role: .member, passwordHash: "hash:pw", joinedAt: 0)])
        _ = core.run(.admin(.moderate(.ban(name: "dave", seconds: 5_400, reason: "bot"))))
        _ = core.run(.admin(.ban("eve", reason: "")))
        let session = core.connect()
        let refused = core.run(.request(session, .login(username: "dave", password: "pw")))
        #expect(responses(refused, to: session).map(\.2) == ["dave is banned for another 1h 30m: bot"])
        #expect(replies(core.run(.admin(.bans))) == ["bans:\n  dave by olga, 1h 30m left: bot\n  eve by olga, until unbanned"])
    }

    @Test func muteTellsTheMemberAndRefusesTheirMessages() {
        var core = CoreHarness()
        let bob = core.moderator("bob")
        let carol = core.member("carol")
        let effects = core.run(.request(bob, .moderate(.mute(name: "carol", seconds: 1_800))))
        #expect(effects.contains(.send(carol, .muted(by: "bob", until: core.now + 1_800_000))))
        #expect(effects.contains(.save(.mutes([Mute(name: "carol", by: "bob", at: core.now, until: core.now + 1_800_000)]))))
        #expect(logs(effects) == ["bob muted carol for 30m"])
        #expect(responses(effects, to: bob).map(\.2) == ["muted carol for 30m"])

        let said = core.say("hello?", from: carol)
        #expect(responses(said, to: carol).map(\.0) == [.forbidden])
        #expect(responses(said, to: carol).map(\.2) == ["you are muted by bob for another 30m; your message was not sent"])
        #expect(!said.contains { if case .appendTranscript = $0 { true } else { false } })
        let direct = core.run(.request(carol, .directMessage(recipient: "bob", text: "psst")))
        #expect(status(direct, to: carol) == .forbidden)
        #expect(replies(core.run(.admin(.moderate(.list(.mutes))))) == ["muted:\n  carol by bob, 30m left"])
    }

    @Test func unmuteTellsTheMemberAndMessagesFlowAgain() {
        var core = CoreHarness()
        let carol = core.member("carol")
        _ = core.run(.admin(.moderate(.mute(name: "carol", seconds: 0))))
        let effects = core.run(.admin(.moderate(.unmute(name: "carol"))))
        #expect(effects.contains(.send(carol, .unmuted(by: "olga"))))
        #expect(logs(effects) == ["olga unmuted carol"])
        #expect(status(core.say("back", from: carol), to: carol) == .ok)
    }

    @Test func aTimedMuteEndsOnTheTickAndTheMemberIsTold() {
        var core = CoreHarness()
        let carol = core.member("carol")
        _ = core.run(.admin(.moderate(.mute(name: "carol", seconds: 60))))
        core.now += 60_000
        let effects = core.run(.tick)
        #expect(effects.contains(.send(carol, .unmuted(by: ""))))
        #expect(effects.contains(.save(.mutes([]))))
        #expect(logs(effects) == ["the mute on carol expired"])
    }

    @Test func aMuteFollowsARenameAndAMutedMemberFromDiskStaysMuted() {
        var core = CoreHarness(mutes: [Mute(name: "carol", by: "olga", at: 0)])
        let carol = core.member("carol")
        #expect(status(core.say("hi", from: carol), to: carol) == .forbidden)
        _ = core.run(.request(carol, .rename(newName: "caroline")))
        let said = core.say("still me", from: carol)
        #expect(responses(said, to: carol).map(\.2) == ["you are muted by olga until unmuted; your message was not sent"])
    }
}
