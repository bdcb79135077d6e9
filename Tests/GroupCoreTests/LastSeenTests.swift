// LastSeenTests: the messages that waited for a member — counted from their last-seen number, shown once asked
// for, and the number recorded at logout, disconnect and periodically.
import GroupCore
import GroupWire
import Testing

/// The last-seen changes saved among `effects` (lastseen.txt is saved change by change), nil when none.
func savedLastSeen(_ effects: [GroupEffect]) -> [RecordChange<LastSeen>]? {
    let changes = effects.compactMap { if case .save(.lastSeen(let list)) = $0 { list } else { nil } }
    return changes.isEmpty ? nil : changes.flatMap { $0 }
}

/// A saved last-seen number.
func seen(_ name: String, _ sequence: UInt64) -> RecordChange<LastSeen> { .put(LastSeen(name: name, sequence: sequence)) }

extension CoreHarness {
    /// Sends a direct message and confirms the transcript write.
    mutating func whisper(_ text: String, from session: SessionID, to name: String) -> [GroupEffect] {
        var effects = feed(.request(session, .directMessage(recipient: name, text: text)))
        if case .appendTranscript(let message)? = effects.last {
            effects += feed(.transcriptSaved(through: message.sequence, error: nil))
        }
        return effects
    }

    /// Logs `name` in again on a new session with `password`.
    mutating func login(_ name: String, password: String = "pw") -> SessionID {
        let session = connect()
        _ = run(.request(session, .login(username: name, password: password)))
        return session
    }
}

/// The history entries sent to `session` among `effects`, as texts.
func entryTexts(_ effects: [GroupEffect], to session: SessionID) -> [String] {
    effects.compactMap { if case .send(session, .historyEntry(let message)) = $0 { message.text } else { nil } }
}

@Suite("Last seen and catching up")
struct LastSeenTests {
    @Test func anAdmittedMemberHasSeenEverythingBeforeTheirAdmission() {
        var core = CoreHarness()
        let bob = core.member("bob")
        _ = core.say("before alice", from: bob)
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "alice", password: "pw")))
        let admitted = core.run(.admin(.approve("alice")))
        // Only alice's number is saved: bob's did not change (a coming member costs one line, however large the group).
        #expect(savedLastSeen(admitted) == [seen("alice", 1)])
        let alice = core.login("alice")
        let effects = core.run(.request(alice, .catchUp(count: 50)))
        #expect(responses(effects, to: alice).map(\.2) == ["0|1"])
        #expect(entryTexts(effects, to: alice).isEmpty)
    }

    @Test func messagesWhileAwayAreCountedAndTheNewestShownIncludingDirectOnes() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        let carol = core.member("carol")
        _ = core.say("seen by alice", from: bob)
        core.leaveOffline(alice)
        _ = core.say("one", from: bob)
        _ = core.whisper("psst alice", from: bob, to: "alice")
        _ = core.whisper("not for alice", from: bob, to: "carol")
        _ = core.say("two", from: carol)
        _ = core.say("three", from: bob)
        let back = core.login("alice")
        _ = core.say("live after login", from: bob)
        let all = core.run(.request(back, .catchUp(count: 50)))
        #expect(responses(all, to: back).map(\.2) == ["4|1"])
        #expect(entryTexts(all, to: back) == ["one", "psst alice", "two", "three"])
        let newest = core.run(.request(back, .catchUp(count: 2)))
        #expect(responses(newest, to: back).map(\.2) == ["4|1"])
        #expect(entryTexts(newest, to: back) == ["two", "three"])
        #expect(status(core.run(.request(back, .catchUp(count: 0))), to: back) == .badRequest)
    }

    @Test func aSessionThatCaughtUpRecordsEverythingSavedAtLogoutAndDisconnect() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        core.leaveOffline(alice)
        _ = core.say("one", from: bob)
        let back = core.login("alice")
        _ = core.run(.request(back, .catchUp(count: 50)))
        _ = core.say("two", from: bob)
        let loggedOut = core.run(.request(back, .logout))
        #expect(savedLastSeen(loggedOut)?.first == seen("alice", 2))
        _ = core.say("three", from: bob)
        let again = core.login("alice")
        let caught = core.run(.request(again, .catchUp(count: 50)))
        #expect(responses(caught, to: again).map(\.2) == ["1|2"])
        _ = core.say("four", from: bob)
        let dropped = core.run(.disconnected(again))
        #expect(savedLastSeen(dropped)?.first == seen("alice", 4))
    }

    @Test func aSessionThatNeverAskedLeavesTheCountForNextTime() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        core.leaveOffline(alice)
        _ = core.say("one", from: bob)
        let script = core.login("alice")
        _ = core.say("sent by a script", from: script)
        let effects = core.run(.request(script, .logout))
        #expect(savedLastSeen(effects) == nil)
        let chat = core.login("alice")
        #expect(responses(core.run(.request(chat, .catchUp(count: 50))), to: chat).map(\.2) == ["1|0"])
    }

    @Test func aMemberWhoMissedNothingIsCaughtUpAtLogin() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.say("live", from: bob)
        let effects = core.run(.request(alice, .logout))
        #expect(savedLastSeen(effects)?.first == seen("alice", 1))
    }

    @Test func theNumbersOfMembersOnlineAreRecordedEveryMinute() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(savedLastSeen(core.run(.tick)) == nil)  // the first tick starts the clock; nothing changed
        _ = core.say("hello", from: alice)
        core.now += core.machine.limits.lastSeenSaveMillis - 1
        #expect(savedLastSeen(core.run(.tick)) == nil)
        core.now += 1
        #expect(savedLastSeen(core.run(.tick)) == [seen("alice", 1)])
        core.now += core.machine.limits.lastSeenSaveMillis
        #expect(savedLastSeen(core.run(.tick)) == nil)  // nothing new: nothing written
    }

    @Test func aMemberFromBeforeLastSeenTrackingIsUnknownUntilTheFirstCatchUp() {
        let messages = (1...3).map { ChatMessage(sequence: $0, time: 0, sender: "bob", recipient: nil, text: "m\($0)") }
        var core = CoreHarness(
            members: [Member(name: "alice", role: .member, passwordHash: "hash:pw", joinedAt: 0)], messages: messages)
        let alice = core.login("alice")
        let effects = core.run(.request(alice, .catchUp(count: 50)))
        #expect(responses(effects, to: alice).map(\.2) == ["0|"])
        #expect(savedLastSeen(core.run(.request(alice, .logout))) == [seen("alice", 3)])
    }

    @Test func renamingMovesAndLeavingDropsTheNumber() {
        var core = CoreHarness(
            members: [Member(name: "alice", role: .member, passwordHash: "hash:pw", joinedAt: 0)],
            lastSeen: [LastSeen(name: "alice", sequence: 0)])
        let alice = core.login("alice")
        #expect(savedLastSeen(core.run(.request(alice, .rename(newName: "alicia")))) == [.remove("alice"), seen("alicia", 0)])
        #expect(savedLastSeen(core.run(.request(alice, .leave))) == [.remove("alicia")])
    }

    @Test func theNumbersAreSavedOnceAtShutdown() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.say("hi", from: alice)
        _ = bob
        let effects = core.run(.shutdown(reason: "test"))
        let saves = effects.filter { if case .save(.lastSeen) = $0 { true } else { false } }
        #expect(saves == [.save(.lastSeen([seen("alice", 1), seen("bob", 1)]))])
    }
}
