// SessionTests: login refusals in their order, throttling, logout and disconnects.
import GroupCore
import GroupWire
import Testing

@Suite("Sessions")
struct SessionTests {
    @Test func unknownNameIs404() {
        var core = CoreHarness()
        let session = core.connect()
        #expect(status(core.run(.request(session, .login(username: "nobody", password: "pw"))), to: session) == .notFound)
    }

    @Test func wrongPasswordIs401() {
        var core = CoreHarness()
        _ = core.member("alice", password: "right")
        let session = core.connect()
        #expect(status(core.run(.request(session, .login(username: "alice", password: "wrong"))), to: session) == .unauthorized)
    }

    @Test func bannedIs403OnlyWithTheRightPassword() {
        var core = CoreHarness(
            members: [Member(name: "alice", role: .member, passwordHash: "hash:pw", joinedAt: 0)],
            bans: [Ban(name: "alice", by: "olga", reason: "spam", at: 0)])
        let session = core.connect()
        // A wrong password learns nothing about the ban or its reason.
        let guessed = core.run(.request(session, .login(username: "alice", password: "guess")))
        #expect(responses(guessed, to: session).map(\.2) == ["wrong password for alice"])
        let effects = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(responses(effects, to: session).map(\.2) == ["alice is banned: spam"])
        #expect(status(effects, to: session) == .forbidden)
        // Asking to join under the banned name says only that it is taken.
        let asked = core.run(.request(session, .register(username: "alice", password: "x")))
        #expect(responses(asked, to: session).map(\.2) == ["the name alice is taken"])
    }

    @Test func pendingIs202() {
        var core = CoreHarness()
        let requester = core.connect()
        _ = core.run(.request(requester, .register(username: "alice", password: "pw")))
        let session = core.connect()
        let effects = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(status(effects, to: session) == .accepted)
        #expect(responses(effects, to: session).first?.1 == CommandCode.login.rawValue)
        #expect(status(core.run(.request(requester, .login(username: "alice", password: "pw"))), to: requester) == .accepted)
    }

    @Test func alreadyOnlineIs409UnderTheSingleSessionPolicy() {
        var limits = GroupLimits()
        limits.sessions = .single
        var core = CoreHarness(limits: limits)
        _ = core.member("alice")
        let session = core.connect()
        let refused = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(status(refused, to: session) == .conflict)
        #expect(responses(refused, to: session).first?.2
            == "alice is already logged in elsewhere (this group allows one session per member)")
    }

    @Test func theOwnerCannotLogInRemotely() {
        var core = CoreHarness()
        let session = core.connect()
        #expect(status(core.run(.request(session, .login(username: "olga", password: "pw"))), to: session) == .forbidden)
    }

    @Test func loginSubscribesAndAnnouncesPresence() {
        var core = CoreHarness()
        let bob = core.member("bob")
        _ = bob
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "alice", password: "pw")))
        _ = core.run(.admin(.approve("alice")))
        let effects = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(effects.filter { if case .checkPassword = $0 { false } else { true } } == [
            .broadcast(.presence(name: "alice", online: true)),
            .subscribe(session),
            .send(session, .response(status: .ok, command: CommandCode.login.rawValue, text: "alice")),
            .log("alice logged in"),
        ])
    }

    @Test func fiveFailuresLockTheNameForAGrowingTime() {
        var core = CoreHarness()
        let alice = core.member("alice", password: "right")
        _ = core.run(.request(alice, .logout))
        let session = core.connect()
        for _ in 0..<LoginThrottle.freeFailures {
            #expect(status(core.run(.request(session, .login(username: "alice", password: "bad"))), to: session) == .unauthorized)
        }
        #expect(status(core.run(.request(session, .login(username: "alice", password: "right"))), to: session) == .tooManyRequests)
        core.now += LoginThrottle.baseLockMillis
        #expect(status(core.run(.request(session, .login(username: "alice", password: "bad"))), to: session) == .unauthorized)
        core.now += LoginThrottle.baseLockMillis  // the second lock is twice as long
        #expect(status(core.run(.request(session, .login(username: "alice", password: "right"))), to: session) == .tooManyRequests)
        core.now += LoginThrottle.baseLockMillis
        #expect(status(core.run(.request(session, .login(username: "alice", password: "right"))), to: session) == .ok)
    }

    @Test func logoutEndsTheSessionButKeepsTheConnection() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .logout))
        #expect(effects.contains(.unsubscribe(alice)))
        #expect(effects.contains(.broadcast(.presence(name: "alice", online: false))))
        #expect(!effects.contains(.close(alice)))
        #expect(status(core.run(.request(alice, .who)), to: alice) == .unauthorized)
    }

    @Test func disconnectAnnouncesOfflineWithoutClosingAgain() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.run(.disconnected(alice))
        #expect(effects == [.unsubscribe(alice), .broadcast(.presence(name: "alice", online: false)), .log("alice went offline")])
    }

    @Test func requestsNeedALogin() {
        var core = CoreHarness()
        let session = core.connect()
        for request: ClientRequest in [.groupMessage(text: "x"), .who, .history(before: 0, count: 5), .leave, .rename(newName: "z")] {
            #expect(status(core.run(.request(session, request)), to: session) == .unauthorized)
        }
        #expect(status(core.run(.request(session, .ping(token: "t"))), to: session) == .ok)
    }

    @Test func invalidRequestIsAnswered400AndKeptOpen() {
        var core = CoreHarness()
        let session = core.connect()
        let effects = core.run(.invalidRequest(session, command: 1099, reason: "unknown command 1099"))
        #expect(effects == [.send(session, .response(status: .badRequest, command: 1099, text: "unknown command 1099"))])
    }

    @Test func framingViolationIsAnsweredAndClosed() {
        var core = CoreHarness()
        let session = core.connect()
        let effects = core.run(.protocolViolation(session, .tooLarge, "too big"))
        #expect(effects == [.send(session, .response(status: .tooLarge, command: 0, text: "too big")), .close(session)])
    }
}
