// PersistFirstTests: a change that cannot be saved is refused and not applied — for members' requests, password
// work and the owner's commands — while what nobody asked for still happens and the failure is logged.
import GroupCore
import GroupWire
import Testing

/// A store that refuses every write with the reason a full disk gives.
private func fullDisk(_ files: [GroupFile]) -> String? { "No space left on device" }
/// A store that takes every write.
private func working(_ files: [GroupFile]) -> String? { nil }

@Suite("Persist first")
struct PersistFirstTests {
    @Test func aPasswordChangeThatCannotBeSavedIsRefusedAndTheOldPasswordStays() {
        var core = CoreHarness()
        let alice = core.member("alice", password: "old")
        let token = core.token(for: alice)
        let check = core.feed(.request(alice, .changePassword(old: "old", new: "new")))
        guard case .checkPassword(let checked, _, _, _)? = check.last else { Issue.record("no check: \(check)"); return }
        let hashing = core.feed(.passwordChecked(checked, matches: true), saving: fullDisk)
        guard case .hashPassword(let hashed, _, _)? = hashing.last else { Issue.record("no hash: \(hashing)"); return }
        let effects = core.feed(.passwordHashed(hashed, hash: "hash:new"), saving: fullDisk)
        #expect(responses(effects, to: alice).map { "\($0.0.rawValue) \($0.2)" } == ["503 not saved: no space left on device"])
        #expect(!effects.contains { if case .save = $0 { true } else { false } })
        #expect(logs(effects).count == 1)
        // The old password and the token still work; the new one does not.
        core.leaveOffline(alice)
        let again = core.connect()
        #expect(status(core.run(.request(again, .login(username: "alice", password: "new"))), to: again) == .unauthorized)
        #expect(status(core.run(.request(again, .login(username: "alice", password: "old"))), to: again) == .ok)
        core.leaveOffline(again)
        let device = core.connect()
        #expect(status(core.run(.request(device, .loginWithToken(token: token))), to: device) == .ok)
    }

    @Test func theOwnersBanThatCannotBeSavedIsRefusedAndTheMemberStays() {
        var core = CoreHarness()
        let bob = core.member("bob")
        let effects = core.feed(.admin(.ban("bob", reason: "")), saving: fullDisk)
        #expect(replies(effects) == ["not saved: no space left on device; nothing changed"])
        #expect(!effects.contains { if case .send(bob, _) = $0 { true } else { false } }, "bob was told something")
        #expect(!effects.contains(.close(bob)))
        // bob is neither banned nor disconnected: he still chats, and a working disk bans him.
        #expect(status(core.feed(.request(bob, .who)), to: bob) == .ok)
        #expect(replies(core.feed(.admin(.ban("bob", reason: "")), saving: working)) == ["banned bob"])
    }

    @Test func aJoinRequestThatCannotBeSavedIsRefusedAndNothingWaits() {
        var core = CoreHarness()
        let carol = core.connect()
        let hashing = core.feed(.request(carol, .register(username: "carol", password: "pw")), saving: fullDisk)
        guard case .hashPassword(let token, _, _)? = hashing.last else { Issue.record("no hash: \(hashing)"); return }
        let effects = core.feed(.passwordHashed(token, hash: "hash:pw"), saving: fullDisk)
        #expect(responses(effects, to: carol).map(\.0) == [.unavailable])
        #expect(replies(effects).isEmpty, "the owner was asked to approve a request that is not on disk")
        #expect(replies(core.feed(.admin(.moderate(.list(.pending))))) == ["no pending requests"])
        // The connection may try again at once.
        #expect(status(core.run(.request(carol, .register(username: "carol", password: "pw"))), to: carol) == .accepted)
    }

    @Test func aRenameThatCannotBeSavedKeepsTheName() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.feed(.request(alice, .rename(newName: "alicia")), saving: fullDisk)
        #expect(responses(effects, to: alice).map(\.0) == [.unavailable])
        #expect(!effects.contains { if case .broadcast = $0 { true } else { false } })
        #expect(responses(core.feed(.request(alice, .whois(name: "alice"))), to: alice).map(\.0) == [.ok])
    }

    @Test func whatNobodyAskedForStillHappensAndTheFailureIsLogged() {
        var core = CoreHarness(bans: [Ban(name: "mallory", by: "olga", reason: "", at: 0, until: 500)])
        let effects = core.feed(.tick, saving: fullDisk)
        #expect(logs(effects).contains("the ban on mallory expired"))
        #expect(logs(effects).contains("could not save bans.txt: No space left on device"))
    }

    @Test func messagesAndReadsNeverReachTheStore() {
        var core = CoreHarness()
        let alice = core.member("alice")
        var asked = 0
        let counting: ([GroupFile]) -> String? = { _ in
            asked += 1
            return "No space left on device"
        }
        for request in [ClientRequest.groupMessage(text: "hi"), .history(before: 0, count: 5), .who, .ping(token: "x")] {
            _ = core.feed(.request(alice, request), saving: counting)
        }
        #expect(asked == 0)
    }

    @Test func everyFileAnInputChangesIsSavedOnceWithItsLastContent() {
        var core = CoreHarness()
        let bob = core.member("bob")
        _ = core.token(for: bob)
        var saved: [[String]] = []
        let effects = core.feed(.admin(.ban("bob", reason: "")), saving: { files in
            saved.append(files.map(\.fileName))
            return nil
        })
        #expect(saved == [["bans.txt", "tokens.txt"]])
        #expect(replies(effects) == ["banned bob"])
    }

    @Test func loggingOutAndInWithATokenOnAFullDiskOnlyLosesBookkeeping() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let token = core.token(for: alice)
        _ = core.say("hello", from: alice)
        // Logging out records how far alice read (lastseen.txt): a full disk must not keep her logged in.
        let out = core.feed(.request(alice, .logout), saving: fullDisk)
        #expect(responses(out, to: alice).map(\.0) == [.ok])
        #expect(logs(out).contains("could not save lastseen.txt: No space left on device"))
        core.now += 2 * 3_600_000
        // A token login records when the token was last used (tokens.txt): bookkeeping too.
        let device = core.connect()
        let back = core.feed(.request(device, .loginWithToken(token: token)), saving: fullDisk)
        #expect(responses(back, to: device).map(\.0) == [.ok])
        #expect(logs(back).contains("could not save tokens.txt: No space left on device"))
    }

    @Test func aRequestHeldBehindALoginIsPersistedFirstOnItsOwn() {
        var core = CoreHarness()
        core.leaveOffline(core.member("alice"))
        let session = core.connect()
        let check = core.feed(.request(session, .login(username: "alice", password: "pw")))
        guard case .checkPassword(let token, _, _, _)? = check.last else {
            Issue.record("no check: \(check)")
            return
        }
        // Sent before the login was answered: held until it is.
        #expect(core.feed(.request(session, .rename(newName: "alicia")), saving: fullDisk).isEmpty)
        let effects = core.feed(.passwordChecked(token, matches: true), saving: { files in
            files.contains { $0.fileName == "members.txt" } ? "No space left on device" : nil
        })
        // The login (nothing to save) is answered; the rename behind it is refused alone, in order.
        #expect(responses(effects, to: session).map { "\($0.0.rawValue) \($0.1)" } == ["200 1001", "503 1018"])
        #expect(responses(core.feed(.request(session, .whois(name: "alice"))), to: session).map(\.0) == [.ok])
    }
}
