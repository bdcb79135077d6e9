// LivenessTests: the handshake deadline, keep-alive pings, the flood limit and the cap on pending requests.
import GroupCore
import GroupWire
import Testing

@Suite("Liveness and limits")
struct LivenessTests {
    @Test func aConnectionThatDoesNotLogInInTimeIsClosed() {
        var core = CoreHarness()
        let session = core.connect()
        core.now += core.machine.limits.handshakeMillis - 1
        #expect(core.run(.tick) == [])
        core.now += 1
        let effects = core.run(.tick)
        #expect(effects == [
            .send(session, .response(status: .badRequest, command: 0, text: "closing: no login within 10 s")),
            .close(session),
        ])
    }

    @Test func loggingOutRestartsTheHandshakeClock() {
        var core = CoreHarness()
        let alice = core.member("alice")
        core.now += 50_000
        _ = core.run(.request(alice, .logout))
        core.now += core.machine.limits.handshakeMillis
        #expect(core.run(.tick).contains(.close(alice)))
    }

    @Test func aWaitingRequestIsNotCutOffByTheHandshakeDeadline() {
        var core = CoreHarness()
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "alice", password: "pw")))
        core.now += core.machine.limits.handshakeMillis * 3
        #expect(!core.run(.tick).contains(.close(session)))
    }

    @Test func aSilentMemberIsPingedThenClosedWithoutAnAnswer() {
        var core = CoreHarness()
        let alice = core.member("alice")
        core.now += core.machine.limits.idlePingMillis
        #expect(core.run(.tick) == [.send(alice, .ping(token: String(core.now)))])
        core.now += core.machine.limits.pingAnswerMillis - 1
        #expect(core.run(.tick) == [])
        core.now += 1
        #expect(core.run(.tick).contains(.close(alice)))
    }

    @Test func aPongKeepsTheMemberConnected() {
        var core = CoreHarness()
        let alice = core.member("alice")
        core.now += core.machine.limits.idlePingMillis
        _ = core.run(.tick)
        _ = core.run(.request(alice, .pong(token: "x")))
        core.now += core.machine.limits.pingAnswerMillis
        #expect(!core.run(.tick).contains(.close(alice)))
    }

    @Test func aBurstIsAllowedThenTheRateIsEnforced() {
        var core = CoreHarness(limits: GroupLimits(messagesPerSecond: 2, messageBurst: 3, floodStrikes: 100))
        let alice = core.member("alice")
        for index in 0..<3 { #expect(status(core.say("m\(index)", from: alice), to: alice) == .ok) }
        #expect(status(core.say("too many", from: alice), to: alice) == .tooManyRequests)
        core.now += 500  // one more token at 2 per second
        #expect(status(core.say("later", from: alice), to: alice) == .ok)
    }

    @Test func theAllowanceIsTheMembersWhateverTheNumberOfSessions() {
        var core = CoreHarness(limits: GroupLimits(messagesPerSecond: 2, messageBurst: 3, floodStrikes: 100))
        let laptop = core.member("alice")
        let phone = core.connect()
        _ = core.run(.request(phone, .login(username: "alice", password: "pw")))
        let bob = core.member("bob")
        #expect(status(core.say("one", from: laptop), to: laptop) == .ok)
        #expect(status(core.say("two", from: phone), to: phone) == .ok)
        #expect(status(core.say("three", from: laptop), to: laptop) == .ok)
        #expect(status(core.say("a fourth from the phone", from: phone), to: phone) == .tooManyRequests)
        #expect(status(core.say("and the laptop", from: laptop), to: laptop) == .tooManyRequests)
        #expect(status(core.say("bob has his own", from: bob), to: bob) == .ok)
        core.now += 500
        #expect(status(core.say("later", from: phone), to: phone) == .ok)
    }

    @Test func aMemberWhoKeepsFloodingIsDisconnected() {
        var core = CoreHarness(limits: GroupLimits(messagesPerSecond: 1, messageBurst: 1, floodStrikes: 3))
        let alice = core.member("alice")
        _ = core.say("ok", from: alice)
        _ = core.run(.request(alice, .groupMessage(text: "a")))
        _ = core.run(.request(alice, .groupMessage(text: "b")))
        let effects = core.run(.request(alice, .groupMessage(text: "c")))
        #expect(effects.contains(.send(alice, .removed(kind: .kicked, by: "olga", reason: "flooding"))))
        #expect(effects.contains(.close(alice)))
    }

    @Test func aZeroRateMeansUnlimited() {
        var core = CoreHarness(limits: GroupLimits(messagesPerSecond: 0, messageBurst: 1))
        let alice = core.member("alice")
        for index in 0..<50 { #expect(status(core.say("m\(index)", from: alice), to: alice) == .ok) }
    }

    @Test func pendingRequestsAreCapped() {
        var core = CoreHarness(limits: GroupLimits(maxPending: 2))
        for name in ["a", "b"] {
            let session = core.connect()
            #expect(status(core.run(.request(session, .register(username: name, password: "pw"))), to: session) == .accepted)
        }
        let third = core.connect()
        #expect(status(core.run(.request(third, .register(username: "c", password: "pw"))), to: third) == .unavailable)
    }

    @Test func theHistoryPageLimitIsConfigurable() {
        var core = CoreHarness(limits: GroupLimits(maxHistoryPage: 5))
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .history(before: 0, count: 6))), to: alice) == .badRequest)
        #expect(status(core.run(.request(alice, .history(before: 0, count: 5))), to: alice) == .ok)
    }
}
