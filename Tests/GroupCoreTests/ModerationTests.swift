// ModerationTests: kick, ban, unban, group rename, close — and members leaving or renaming themselves.
import GroupCore
import GroupWire
import Testing

@Suite("Moderation and membership")
struct ModerationTests {
    @Test func kickDisconnectsAndTellsWhy() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.admin(.kick("alice", reason: "cool off")))
        #expect(Array(effects.prefix(2)) == [.send(alice, .removed(kind: .kicked, by: "olga", reason: "cool off")), .unsubscribe(alice)])
        #expect(effects.contains(.close(alice)))
        #expect(effects.contains(.broadcast(.presence(name: "alice", online: false))))
        let again = core.connect()
        #expect(status(core.run(.request(again, .login(username: "alice", password: "pw"))), to: again) == .ok)
    }

    @Test func banDisconnectsSavesAndRefusesLogin() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.admin(.ban("alice", reason: "spam")))
        #expect(effects.contains(.send(alice, .removed(kind: .banned, by: "olga", reason: "spam"))))
        #expect(effects.contains(.save(.bans([Ban(name: "alice", by: "olga", reason: "spam", at: core.now)]))))
        #expect(effects.contains(.close(alice)))
        let again = core.connect()
        #expect(status(core.run(.request(again, .login(username: "alice", password: "pw"))), to: again) == .forbidden)
        _ = core.run(.admin(.unban("alice")))
        #expect(status(core.run(.request(again, .login(username: "alice", password: "pw"))), to: again) == .ok)
    }

    @Test func banningAPendingRequestDeclinesIt() {
        var core = CoreHarness()
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "mallory", password: "pw")))
        let effects = core.run(.admin(.ban("mallory", reason: "")))
        #expect(effects.contains(.send(session, .joinDecision(admitted: false, text: "you are banned from this group"))))
        #expect(effects.contains(.save(.pending([]))))
    }

    @Test func theOwnerCannotBeKickedOrBanned() {
        var core = CoreHarness()
        #expect(core.run(.admin(.kick("olga", reason: ""))) == [.reply("you cannot kick yourself")])
        #expect(core.run(.admin(.ban("olga", reason: ""))) == [.reply("you cannot ban yourself")])
    }

    @Test func renamingTheGroupSavesAndAnnounces() {
        var core = CoreHarness()
        let effects = core.run(.admin(.renameGroup("Night owls")))
        #expect(effects.contains(.save(.settings(GroupSettings(name: "Night owls", owner: "olga", admission: .approve)))))
        #expect(effects.contains(.broadcast(.groupRenamed(by: "olga", name: "Night owls"))))
        let session = core.connect()
        _ = session
        #expect(core.machine.settings.name == "Night owls")
    }

    @Test func closeTellsEveryoneAndStops() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let stranger = core.connect()
        let effects = core.run(.admin(.close))
        #expect(effects.contains(.send(alice, .shuttingDown(reason: "the owner closed the chat"))))
        #expect(effects.contains(.send(stranger, .shuttingDown(reason: "the owner closed the chat"))))
        #expect(effects.contains(.close(alice)) && effects.contains(.close(stranger)))
        #expect(effects.last == .stop)
        #expect(!effects.contains(.broadcast(.presence(name: "alice", online: false))))
    }

    @Test func leavingRemovesTheMembership() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .leave))
        #expect(status(effects, to: alice) == .ok)
        #expect(effects.contains(.broadcast(.memberLeft(name: "alice"))))
        #expect(effects.contains(.close(alice)))
        #expect(savedMembers(effects) == [.remove("alice")])
    }

    @Test func renamingYourselfKeepsYourSessionAndPassword() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.member("bob")
        #expect(status(core.run(.request(alice, .rename(newName: "bob"))), to: alice) == .conflict)
        let effects = core.run(.request(alice, .rename(newName: "Alicia")))
        #expect(responses(effects, to: alice).map(\.2) == ["alicia"])
        #expect(effects.contains(.broadcast(.memberRenamed(old: "alice", new: "alicia"))))
        _ = core.run(.request(alice, .logout))
        #expect(status(core.run(.request(alice, .login(username: "alicia", password: "pw"))), to: alice) == .ok)
    }
}

@Suite("Names over time")
struct NameHistoryTests {
    @Test func directMessagesFollowAMemberThroughRenames() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .directMessage(recipient: "bob", text: "to old bob")))
        if case .appendTranscript(let message)? = core.feed(.request(alice, .groupMessage(text: "flush"))).last {
            _ = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        }
        #expect(status(core.run(.request(bob, .rename(newName: "robert"))), to: bob) == .ok)
        let history = core.run(.request(bob, .history(before: 0, count: 10)))
        let texts = history.compactMap { if case .send(_, .historyEntry(let m)) = $0 { m.text } else { nil } }
        #expect(texts == ["to old bob", "flush"])
    }

    @Test func aFreedNameDoesNotInheritItsDirectMessages() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .directMessage(recipient: "bob", text: "secret for bob")))
        if case .appendTranscript(let message)? = core.feed(.request(alice, .groupMessage(text: "public"))).last {
            _ = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        }
        _ = core.run(.request(bob, .rename(newName: "robert")))
        let newcomer = core.member("bob", password: "other")
        let history = core.run(.request(newcomer, .history(before: 0, count: 10)))
        let texts = history.compactMap { if case .send(_, .historyEntry(let m)) = $0 { m.text } else { nil } }
        #expect(texts == ["public"])
    }
}
