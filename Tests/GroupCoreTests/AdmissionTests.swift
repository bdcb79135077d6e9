// AdmissionTests: hello, join requests, approval, rejection and the admission policies.
import GroupCore
import GroupWire
import Testing

@Suite("Admission")
struct AdmissionTests {
    @Test func helloIsAnsweredWithWelcome() {
        var core = CoreHarness()
        let session = SessionID(1)
        _ = core.feed(.connected(session))
        let effects = core.feed(.request(session, .hello(version: 1, client: "t")))
        #expect(effects == [.send(session, .welcome(version: 1, owner: "olga", groupName: "Test group"))])
    }

    @Test func anotherProtocolVersionIsRefusedAndClosed() {
        var core = CoreHarness()
        let session = SessionID(1)
        _ = core.feed(.connected(session))
        let effects = core.feed(.request(session, .hello(version: 9, client: "t")))
        #expect(status(effects, to: session) == .badRequest)
        #expect(effects.last == .close(session))
    }

    @Test func requestBeforeHelloIsRefusedAndClosed() {
        var core = CoreHarness()
        let session = SessionID(1)
        _ = core.feed(.connected(session))
        let effects = core.feed(.request(session, .who))
        #expect(status(effects, to: session) == .badRequest)
        #expect(effects.last == .close(session))
    }

    @Test func joinRequestWaitsForTheOwner() {
        var core = CoreHarness()
        let session = core.connect()
        let first = core.feed(.request(session, .register(username: "Alice", password: "pw")))
        guard case .hashPassword(let token, session, "pw")? = first.first else {
            Issue.record("expected a hash request, got \(first)")
            return
        }
        #expect(first.count == 1)
        let effects = core.feed(.passwordHashed(token, hash: "hash:pw"))
        #expect(effects.contains(.save(.pending([PendingRequest(name: "alice", passwordHash: "hash:pw", requestedAt: core.now)]))))
        #expect(status(effects, to: session) == .accepted)
        #expect(effects.contains(.reply("alice asks to join: /approve alice or /reject alice")))
    }

    @Test func approvalAdmitsSavesAndTellsEveryone() {
        var core = CoreHarness()
        let bob = core.member("bob")
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "alice", password: "pw")))
        let effects = core.run(.admin(.approve("alice")))
        #expect(effects.contains(.broadcast(.memberJoined(name: "alice"))))
        #expect(effects.contains(.send(session, .joinDecision(admitted: true, text: "welcome to Test group"))))
        #expect(effects.contains(.save(.pending([]))))
        #expect(effects.contains(.reply("approved alice")))
        // Only alice's record is saved (members.txt is saved change by change), with her password's hash.
        let saved = savedMembers(effects)
        #expect(saved.count == 1)
        #expect(saved.first.flatMap { if case .put(let member) = $0 { member } else { nil } }.map { [$0.name, $0.passwordHash] }
            == ["alice", "hash:pw"])
        _ = bob
        let login = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(status(login, to: session) == .ok)
    }

    @Test func rejectionTellsTheRequester() {
        var core = CoreHarness()
        let session = core.connect()
        _ = core.run(.request(session, .register(username: "alice", password: "pw")))
        let effects = core.run(.admin(.reject("alice")))
        #expect(effects.contains(.send(session, .joinDecision(admitted: false, text: "the owner declined your request"))))
        #expect(effects.contains(.save(.pending([]))))
        let again = core.run(.request(session, .login(username: "alice", password: "pw")))
        #expect(status(again, to: session) == .notFound)
    }

    @Test func openAdmissionAdmitsAtOnce() {
        var core = CoreHarness(admission: .open)
        let session = core.connect()
        let effects = core.run(.request(session, .register(username: "alice", password: "pw")))
        #expect(status(effects, to: session) == .created)
        #expect(effects.contains(.broadcast(.memberJoined(name: "alice"))))
    }

    @Test func inviteAdmissionRefusesRequests() {
        var core = CoreHarness(admission: .invite)
        let session = core.connect()
        let effects = core.run(.request(session, .register(username: "alice", password: "pw")))
        #expect(status(effects, to: session) == .forbidden)
    }

    @Test func aTakenNameIsAConflict() {
        var core = CoreHarness()
        _ = core.member("alice")
        let session = core.connect()
        let effects = core.run(.request(session, .register(username: "ALICE", password: "other")))
        #expect(status(effects, to: session) == .conflict)
    }

    @Test func repeatingAPendingRequestWithItsPasswordWaitsAgain() {
        var core = CoreHarness()
        let first = core.connect()
        _ = core.run(.request(first, .register(username: "alice", password: "pw")))
        let second = core.connect()
        #expect(status(core.run(.request(second, .register(username: "alice", password: "pw"))), to: second) == .accepted)
        let third = core.connect()
        #expect(status(core.run(.request(third, .register(username: "alice", password: "nope"))), to: third) == .unauthorized)
        let effects = core.run(.admin(.approve("alice")))
        #expect(effects.contains(.send(first, .joinDecision(admitted: true, text: "welcome to Test group"))))
        #expect(effects.contains(.send(second, .joinDecision(admitted: true, text: "welcome to Test group"))))
    }

    @Test(arguments: ["", "a b", "x/y", "é", String(repeating: "a", count: 33)])
    func invalidUsernamesAreRefused(name: String) {
        var core = CoreHarness()
        let session = core.connect()
        #expect(status(core.run(.request(session, .register(username: name, password: "pw"))), to: session) == .badRequest)
    }

    @Test func approvingAnUnknownNameSaysSo() {
        var core = CoreHarness()
        #expect(core.run(.admin(.approve("ghost"))) == [.reply("no pending request from ghost")])
    }
}
