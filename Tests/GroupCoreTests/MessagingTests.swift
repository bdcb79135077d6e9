// MessagingTests: persist first, then deliver and acknowledge; text rules; direct messages; history; who.
import GroupCore
import GroupWire
import Testing

@Suite("Messaging")
struct MessagingTests {
    @Test func aMessageIsNeitherDeliveredNorAcknowledgedBeforeItIsSaved() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.feed(.request(alice, .groupMessage(text: "hello")))
        #expect(effects.count == 1)
        guard case .appendTranscript(let message)? = effects.first else { Issue.record("no transcript append"); return }
        #expect(message.sequence == 1 && message.sender == "alice" && message.recipient == nil && message.time == core.now)
        let saved = core.feed(.transcriptSaved(through: 1, error: nil))
        #expect(saved == [
            .broadcast(.groupMessage(message)),
            .showOwner(message),
            .send(alice, .response(status: .ok, command: CommandCode.groupMessage.rawValue, text: "1")),
        ])
    }

    @Test func aFailedWriteIsRefused503AndNotDelivered() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.feed(.request(alice, .groupMessage(text: "hello")))
        let effects = core.feed(.transcriptSaved(through: 1, error: "No space left on device"))
        #expect(status(effects, to: alice) == .unavailable)
        #expect(!effects.contains { if case .broadcast = $0 { true } else { false } })
        let history = core.run(.request(alice, .history(before: 0, count: 10)))
        #expect(responses(history, to: alice).map(\.2) == ["0"])
    }

    @Test func aBatchIsConfirmedInOrder() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.feed(.request(alice, .groupMessage(text: "one")))
        _ = core.feed(.request(bob, .groupMessage(text: "two")))
        _ = core.feed(.request(alice, .groupMessage(text: "three")))
        let effects = core.feed(.transcriptSaved(through: 3, error: nil))
        let texts = effects.compactMap { if case .broadcast(.groupMessage(let m)) = $0 { m.text } else { nil } }
        #expect(texts == ["one", "two", "three"])
        #expect(responses(effects, to: alice).map(\.2) == ["1", "3"])
        #expect(responses(effects, to: bob).map(\.2) == ["2"])
    }

    @Test(arguments: [
        ("", "a message cannot be empty"),
        (String(repeating: "x", count: 4097), "a message has at most 4096 bytes"),
        ("bell\u{07}", "a message may not contain control characters other than newline"),
        ("esc\u{1B}[31m", "a message may not contain control characters other than newline"),
    ])
    func badTextIsRefused(text: String, reason: String) {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .groupMessage(text: text)))
        #expect(responses(effects, to: alice).map(\.2) == [reason])
        #expect(status(effects, to: alice) == .badRequest)
    }

    @Test func newlinesAndFullSizeTextAreAccepted() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(status(core.say("two\nlines", from: alice), to: alice) == .ok)
        #expect(status(core.say(String(repeating: "é", count: 2048), from: alice), to: alice) == .ok)
    }

    @Test func directMessagesReachOnlySenderAndRecipient() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        let carol = core.member("carol")
        let effects = core.run(.request(alice, .directMessage(recipient: "Bob", text: "psst")))
        guard case .appendTranscript(let message)? = effects.last else { Issue.record("not saved"); return }
        #expect(message.recipient == "bob")
        let delivered = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        #expect(delivered.contains(.send(alice, .directMessage(message))))
        #expect(delivered.contains(.send(bob, .directMessage(message))))
        #expect(!delivered.contains(.send(carol, .directMessage(message))))
        #expect(!delivered.contains { if case .broadcast = $0 { true } else { false } })
        let carolHistory = core.run(.request(carol, .history(before: 0, count: 10)))
        #expect(!carolHistory.contains { if case .send(_, .historyEntry) = $0 { true } else { false } })
    }

    @Test func directMessageToAnUnknownMemberIs404() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .directMessage(recipient: "ghost", text: "hi"))), to: alice) == .notFound)
    }

    @Test func historyPagesGoBackwards() {
        var core = CoreHarness()
        let alice = core.member("alice")
        for index in 1...5 { _ = core.say("m\(index)", from: alice) }
        let newest = core.run(.request(alice, .history(before: 0, count: 2)))
        #expect(newest.compactMap { if case .send(_, .historyEntry(let m)) = $0 { m.text } else { nil } } == ["m4", "m5"])
        let older = core.run(.request(alice, .history(before: 4, count: 2)))
        #expect(older.compactMap { if case .send(_, .historyEntry(let m)) = $0 { m.text } else { nil } } == ["m2", "m3"])
        #expect(status(core.run(.request(alice, .history(before: 0, count: 0))), to: alice) == .badRequest)
        #expect(status(core.run(.request(alice, .history(before: 0, count: WireLimits.maxHistoryPage + 1))), to: alice) == .badRequest)
    }

    @Test func whoListsTheOwnerFirst() {
        var core = CoreHarness()
        let bob = core.member("bob")
        _ = core.member("alice")
        let effects = core.run(.request(bob, .who))
        #expect(effects.first == .send(bob, .onlineList([
            OnlineMember(name: "olga", role: .owner), OnlineMember(name: "alice", role: .member),
            OnlineMember(name: "bob", role: .member),
        ])))
        #expect(status(effects, to: bob) == .ok)
    }

    @Test func theOwnerChatsFromTheConsole() {
        var core = CoreHarness()
        _ = core.member("alice")
        let effects = core.run(.admin(.chat("welcome all")))
        guard case .appendTranscript(let message)? = effects.first else { Issue.record("not saved"); return }
        #expect(message.sender == "olga")
        #expect(core.feed(.transcriptSaved(through: message.sequence, error: nil)) == [
            .broadcast(.groupMessage(message)), .showOwner(message),
        ])
    }

    @Test func recentMessagesKeepTheNewestWithinCapacity() {
        var window = RecentMessages([])
        for index in 1...(RecentMessages.capacity + 5) {
            window.append(ChatMessage(sequence: UInt64(index), time: 0, sender: "a", recipient: nil, text: ""))
        }
        #expect(window.all.count == RecentMessages.capacity)
        #expect(window.all.first?.sequence == 6)
    }
}
