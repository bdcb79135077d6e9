// ReviewRegressionTests: races and limits found in review — each test fails without its fix.
import GroupCore
import GroupWire
import Testing

@Suite("Review regressions")
struct ReviewRegressionTests {
    @Test func aStalePasswordCheckCannotLogIntoAnotherAccount() {
        var core = CoreHarness()
        let bob = core.member("bob", password: "old")
        let attacker = core.connect()
        // The check of bob's old password is still running…
        let pending = core.feed(.request(attacker, .login(username: "bob", password: "old")))
        guard case .checkPassword(let token, _, _, _)? = pending.first else { Issue.record("no check"); return }
        // …while bob renames and a newcomer takes the name "bob".
        _ = core.run(.request(bob, .rename(newName: "bob2")))
        _ = core.member("bob", password: "new")
        let effects = core.feed(.passwordChecked(token, matches: true))
        #expect(status(effects, to: attacker) == .forbidden)
        #expect(!effects.contains(.subscribe(attacker)))
    }

    @Test func aDirectMessageFollowsTheMemberWhoWasAddressed() {
        var core = CoreHarness()
        let sender = core.member("sender")
        let x = core.member("x")
        let z = core.member("z")
        let accepted = core.feed(.request(sender, .directMessage(recipient: "x", text: "for x only")))
        guard case .appendTranscript(let message)? = accepted.last else { Issue.record("not accepted"); return }
        _ = core.run(.request(x, .rename(newName: "y")))
        _ = core.run(.request(z, .rename(newName: "x")))
        let delivered = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        #expect(delivered.contains(.send(x, .directMessage(message))))
        #expect(!delivered.contains(.send(z, .directMessage(message))))
    }

    @Test func closeSavesAndAcknowledgesFirst() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.feed(.request(alice, .groupMessage(text: "last words")))
        let closing = core.run(.admin(.close))
        #expect(!closing.contains { if case .send(_, .shuttingDown) = $0 { true } else { false } })
        let effects = core.feed(.transcriptSaved(through: 1, error: nil))
        let ack = effects.firstIndex(of: .send(alice, .response(status: .ok, command: CommandCode.groupMessage.rawValue, text: "1")))
        let notice = effects.firstIndex(of: .send(alice, .shuttingDown(reason: "the owner closed the chat")))
        #expect(ack != nil && notice != nil && ack! < notice!)
        #expect(effects.last == .stop)
    }

    @Test func nobodyConnectsWhileStopping() {
        var core = CoreHarness()
        _ = core.run(.admin(.close))
        let late = SessionID(999)
        #expect(core.run(.connected(late)) == [
            .send(late, .shuttingDown(reason: "the group is shutting down")), .close(late),
        ])
    }

    @Test func passwordWorkIsCapped() {
        var limits = GroupLimits()
        limits.maxPasswordJobs = 1
        var core = CoreHarness(limits: limits)
        let first = core.connect()
        _ = core.feed(.request(first, .register(username: "a", password: "pw")))
        let second = core.connect()
        #expect(status(core.feed(.request(second, .register(username: "b", password: "pw"))), to: second) == .unavailable)
    }

    @Test func historyCountsAgainstTheRate() {
        var core = CoreHarness(limits: GroupLimits(messagesPerSecond: 1, messageBurst: 1, floodStrikes: 100))
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .history(before: 0, count: 5))), to: alice) == .ok)
        #expect(status(core.run(.request(alice, .history(before: 0, count: 5))), to: alice) == .tooManyRequests)
    }
}

@Suite("Login lock per address")
struct LoginLockPerAddressTests {
    @Test func guessingFromOneAddressDoesNotLockTheMemberOutElsewhere() {
        var core = CoreHarness()
        let alice = core.member("alice", password: "right")
        _ = core.run(.request(alice, .logout))
        let attacker = SessionID(500)
        _ = core.feed(.connected(attacker, peer: "203.0.113.9"))
        _ = core.feed(.request(attacker, .hello(version: WireLimits.protocolVersion, client: "x")))
        for _ in 0..<LoginThrottle.freeFailures { _ = core.run(.request(attacker, .login(username: "alice", password: "guess"))) }
        #expect(status(core.run(.request(attacker, .login(username: "alice", password: "right"))), to: attacker) == .tooManyRequests)
        let member = SessionID(501)
        _ = core.feed(.connected(member, peer: "198.51.100.7"))
        _ = core.feed(.request(member, .hello(version: WireLimits.protocolVersion, client: "x")))
        #expect(status(core.run(.request(member, .login(username: "alice", password: "right"))), to: member) == .ok)
    }
}
