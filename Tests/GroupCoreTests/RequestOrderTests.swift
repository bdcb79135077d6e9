// RequestOrderTests: every connection is answered in the order it asked, even when password work or the
// transcript makes an earlier answer wait.
import GroupCore
import GroupWire
import Testing

@Suite("Answers in request order")
struct RequestOrderTests {
    /// The commands of the responses to `session`, in order.
    private func answered(_ effects: [GroupEffect], _ session: SessionID) -> [UInt16] {
        responses(effects, to: session).map(\.1)
    }

    @Test func aWrongPasswordLoginASecondLoginAndAPingAreAnsweredInThatOrder() {
        var core = CoreHarness()
        _ = core.member("alice", password: "right")
        let session = core.connect()
        var effects = core.feed(.request(session, .login(username: "alice", password: "wrong")))
        effects += core.feed(.request(session, .login(username: "alice", password: "right")))
        effects += core.feed(.request(session, .ping(token: "t1")))
        // Nothing answered yet: the first login's password is being checked, the others wait behind it.
        #expect(responses(effects, to: session).isEmpty)
        let checks = effects.compactMap { if case .checkPassword(let token, _, _, _) = $0 { token } else { nil } }
        #expect(checks.count == 1)
        effects = core.feed(.passwordChecked(checks[0], matches: false))
        // The first login failed; the second one is now being checked and the ping still waits.
        #expect(responses(effects, to: session).map(\.0) == [.unauthorized])
        let second = effects.compactMap { if case .checkPassword(let token, _, _, _) = $0 { token } else { nil } }
        #expect(second.count == 1)
        effects = core.feed(.passwordChecked(second[0], matches: true))
        #expect(responses(effects, to: session).map(\.0) == [.ok, .ok])
        #expect(answered(effects, session) == [CommandCode.login.rawValue, CommandCode.ping.rawValue])
    }

    @Test func requestsAfterAMessageWaitForItsAcknowledgementButMessagesFollowAtOnce() {
        var core = CoreHarness()
        let alice = core.member("alice")
        var effects = core.feed(.request(alice, .groupMessage(text: "one")))
        effects += core.feed(.request(alice, .groupMessage(text: "two")))
        effects += core.feed(.request(alice, .ping(token: "p")))
        effects += core.feed(.request(alice, .groupMessage(text: "three")))
        let appended = effects.compactMap { if case .appendTranscript(let m) = $0 { m.sequence } else { nil } }
        #expect(appended.count == 2)  // one and two; three waits behind the ping
        #expect(responses(effects, to: alice).isEmpty)
        effects = core.feed(.transcriptSaved(through: appended[1], error: nil))
        #expect(answered(effects, alice) == [1004, 1004, CommandCode.ping.rawValue])
        let third = effects.compactMap { if case .appendTranscript(let m) = $0 { m.sequence } else { nil } }
        #expect(third.count == 1)
        effects = core.feed(.transcriptSaved(through: third[0], error: nil))
        #expect(answered(effects, alice) == [1004])
    }

    @Test func aMalformedFrameIsAnsweredInItsTurn() {
        var core = CoreHarness()
        let alice = core.member("alice")
        var effects = core.feed(.request(alice, .groupMessage(text: "one")))
        effects += core.feed(.invalidRequest(alice, command: 1016, reason: "malformed history request"))
        #expect(responses(effects, to: alice).isEmpty)
        guard case .appendTranscript(let message)? = effects.first(where: { if case .appendTranscript = $0 { true } else { false } })
        else { return #expect(Bool(false)) }
        effects = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        #expect(responses(effects, to: alice).map(\.0) == [.ok, .badRequest])
    }

    @Test func otherConnectionsAreNotHeldUp() {
        var core = CoreHarness()
        _ = core.member("alice")
        let waiting = core.connect()
        let other = core.connect()
        _ = core.feed(.request(waiting, .login(username: "alice", password: "pw")))
        let pong = core.feed(.request(other, .ping(token: "x")))
        #expect(responses(pong, to: other).map(\.2) == ["x"])
    }

    @Test func tooManyHeldRequestsCloseTheConnection() {
        var limits = GroupLimits()
        limits.maxHeldRequests = 3
        var core = CoreHarness(limits: limits)
        _ = core.member("alice")
        let session = core.connect()
        _ = core.feed(.request(session, .login(username: "alice", password: "pw")))
        for index in 0..<3 { #expect(core.feed(.request(session, .ping(token: "\(index)"))).isEmpty) }
        let closed = core.feed(.request(session, .ping(token: "overflow")))
        #expect(responses(closed, to: session).map(\.0) == [.tooManyRequests])
        #expect(closed.contains(.close(session)))
    }

    @Test func heldBytesAreBounded() {
        var limits = GroupLimits()
        limits.maxHeldBytes = 100
        var core = CoreHarness(limits: limits)
        _ = core.member("alice")
        let session = core.connect()
        _ = core.feed(.request(session, .login(username: "alice", password: "pw")))
        #expect(core.feed(.request(session, .ping(token: String(repeating: "a", count: 90)))).isEmpty)
        let closed = core.feed(.request(session, .ping(token: String(repeating: "b", count: 20))))
        #expect(closed.contains(.close(session)))
    }

    @Test func aPongNeverWaits() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.feed(.request(alice, .groupMessage(text: "one")))
        #expect(core.feed(.request(alice, .pong(token: "1"))).isEmpty)
        // Not held: the message's acknowledgement releases nothing further.
    }
}
