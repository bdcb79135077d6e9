// SessionTokenTests: issuing, using, revoking and expiring session tokens, and changing the password.
import GroupCore
import GroupWire
import Testing

/// The token text in the `201` answer to an issue-token request among `effects`.
func issuedToken(_ effects: [GroupEffect], to session: SessionID) -> String? {
    responses(effects, to: session).first { $0.1 == CommandCode.issueToken.rawValue && $0.0 == .created }?.2
}

/// The last tokens file saved among `effects`.
func savedTokens(_ effects: [GroupEffect]) -> [SessionToken]? {
    effects.compactMap { if case .save(.tokens(let list)) = $0 { list } else { nil } }.last
}

extension CoreHarness {
    /// A token issued to the logged-in `session`.
    mutating func token(for session: SessionID) -> String {
        issuedToken(run(.request(session, .issueToken)), to: session) ?? ""
    }

    /// Logs `session` out and closes it, so the member is offline.
    mutating func leaveOffline(_ session: SessionID) {
        _ = run(.request(session, .logout))
        _ = run(.disconnected(session))
    }
}

@Suite("Session tokens")
struct SessionTokenTests {
    static let day: Int64 = 86_400_000

    @Test func aTokenIsIssuedOnlyToAMemberAndStoredOnlyAsItsHash() {
        var core = CoreHarness()
        let stranger = core.connect()
        #expect(status(core.run(.request(stranger, .issueToken)), to: stranger) == .unauthorized)
        let alice = core.member("alice")
        let effects = core.run(.request(alice, .issueToken))
        #expect(status(effects, to: alice) == .created)
        let token = issuedToken(effects, to: alice) ?? ""
        #expect(SessionToken.isWellFormed(token))
        #expect(savedTokens(effects) == [SessionToken(hash: "sha:" + token, name: "alice", createdAt: core.now, lastUsedAt: core.now)])
        #expect(logs(effects) == ["alice got a session token"])
        #expect(core.token(for: alice) != token)
    }

    @Test func aTokenLogsInWithoutAnyPasswordWork() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let token = core.token(for: alice)
        core.leaveOffline(alice)
        core.now += Self.day
        let session = core.connect()
        let effects = core.feed(.request(session, .loginWithToken(token: token)))
        #expect(!effects.contains { if case .checkPassword = $0 { true } else { false } })
        #expect(responses(effects, to: session).map(\.2) == ["alice"])
        #expect(status(effects, to: session) == .ok)
        #expect(effects.contains(.subscribe(session)))
        #expect(effects.contains(.broadcast(.presence(name: "alice", online: true))))
        #expect(logs(effects) == ["alice logged in with a session token"])
        #expect(savedTokens(effects)?.first?.lastUsedAt == core.now)
        #expect(core.run(.request(session, .groupMessage(text: "hi"))).contains { if case .appendTranscript = $0 { true } else { false } })
    }

    @Test func refusedTokens() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let token = core.token(for: alice)
        let session = core.connect()
        #expect(status(core.run(.request(session, .loginWithToken(token: "abc"))), to: session) == .badRequest)
        let unknown = core.run(.request(session, .loginWithToken(token: String(repeating: "0", count: 64))))
        #expect(status(unknown, to: session) == .unauthorized)
        #expect(responses(unknown, to: session).first?.2
            == "this session token is not valid (logged out, revoked or expired); log in with your password")
        let second = core.run(.request(session, .loginWithToken(token: token)))
        #expect(responses(second, to: session).map(\.2) == ["alice"])  // a second session of hers
        #expect(status(core.run(.request(alice, .loginWithToken(token: token))), to: alice) == .conflict)
    }

    @Test func revokingNeedsOnlyTheToken() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let token = core.token(for: alice)
        core.leaveOffline(alice)
        let session = core.connect()
        let effects = core.run(.request(session, .revokeToken(token: token)))
        #expect(responses(effects, to: session).map(\.2) == ["session token revoked"])
        #expect(savedTokens(effects) == [])
        #expect(status(core.run(.request(session, .revokeToken(token: token))), to: session) == .notFound)
        #expect(status(core.run(.request(session, .loginWithToken(token: token))), to: session) == .unauthorized)
    }

    @Test func aBanRevokesEveryTokenOfTheMember() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let first = core.token(for: alice)
        let second = core.token(for: alice)
        let bob = core.member("bob")
        let kept = core.token(for: bob)
        let effects = core.run(.admin(.moderate(.ban(name: "alice", seconds: 3_600, reason: "spam"))))
        #expect(savedTokens(effects)?.map(\.name) == ["bob"])
        _ = core.run(.admin(.moderate(.unban(name: "alice"))))
        let session = core.connect()
        for token in [first, second] {
            #expect(status(core.run(.request(session, .loginWithToken(token: token))), to: session) == .unauthorized)
        }
        core.leaveOffline(bob)
        #expect(status(core.run(.request(session, .loginWithToken(token: kept))), to: session) == .ok)
    }

    @Test func leavingRevokesAndRenamingKeepsTheTokens() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let aliceToken = core.token(for: alice)
        let bob = core.member("bob")
        let bobToken = core.token(for: bob)
        #expect(savedTokens(core.run(.request(alice, .leave)))?.map(\.name) == ["bob"])
        let renamed = core.run(.request(bob, .rename(newName: "robert")))
        #expect(savedTokens(renamed)?.map(\.name) == ["robert"])
        core.leaveOffline(bob)
        let session = core.connect()
        #expect(status(core.run(.request(session, .loginWithToken(token: aliceToken))), to: session) == .unauthorized)
        #expect(responses(core.run(.request(session, .loginWithToken(token: bobToken))), to: session).map(\.2) == ["robert"])
    }

    @Test func anUnusedTokenExpiresAfterThirtyDaysAndUseRestartsTheClock() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let used = core.token(for: alice)
        let unused = core.token(for: alice)
        core.leaveOffline(alice)
        core.now += 20 * Self.day
        let session = core.connect()
        #expect(status(core.run(.request(session, .loginWithToken(token: used))), to: session) == .ok)
        core.leaveOffline(session)
        core.now += 10 * Self.day - 1
        #expect(logs(core.run(.tick)).isEmpty)
        core.now += 1
        let expired = core.run(.tick)
        #expect(logs(expired) == ["a session token of alice expired (unused for 30d)"])
        #expect(savedTokens(expired)?.count == 1)
        let later = core.connect()
        #expect(status(core.run(.request(later, .loginWithToken(token: unused))), to: later) == .unauthorized)
        #expect(status(core.run(.request(later, .loginWithToken(token: used))), to: later) == .ok)
    }

    @Test func aMemberHoldsAtMostTheLimitAndTheLeastRecentlyUsedGoes() {
        var limits = GroupLimits()
        limits.maxTokensPerMember = 2
        var core = CoreHarness(limits: limits)
        let alice = core.member("alice")
        let oldest = core.token(for: alice)
        core.now += 1
        let middle = core.token(for: alice)
        core.now += 1
        let effects = core.run(.request(alice, .issueToken))
        let newest = issuedToken(effects, to: alice) ?? ""
        let kept = Set(savedTokens(effects)?.map(\.hash) ?? [])
        #expect(kept == ["sha:" + middle, "sha:" + newest])
        #expect(!kept.contains("sha:" + oldest))
    }

    @Test func changingThePasswordChecksTheOldOneAndRevokesEveryToken() {
        var core = CoreHarness()
        let alice = core.member("alice", password: "old")
        let token = core.token(for: alice)
        let wrong = core.run(.request(alice, .changePassword(old: "nope", new: "new")))
        #expect(responses(wrong, to: alice).map(\.2) == ["wrong password for alice"])
        #expect(logs(wrong) == ["failed login for alice"])
        #expect(status(core.run(.request(alice, .changePassword(old: "old", new: ""))), to: alice) == .badRequest)
        let effects = core.run(.request(alice, .changePassword(old: "old", new: "n|ew")))
        #expect(responses(effects, to: alice).map(\.0) == [.ok])
        #expect(savedMembers(effects).contains { if case .put(let member) = $0 { member.name == "alice" && member.passwordHash == "hash:n|ew" } else { false } })
        #expect(savedTokens(effects) == [])
        #expect(logs(effects) == ["alice changed their password; 1 session token(s) revoked"])
        core.leaveOffline(alice)
        let session = core.connect()
        #expect(status(core.run(.request(session, .loginWithToken(token: token))), to: session) == .unauthorized)
        #expect(status(core.run(.request(session, .login(username: "alice", password: "old"))), to: session) == .unauthorized)
        #expect(status(core.run(.request(session, .login(username: "alice", password: "n|ew"))), to: session) == .ok)
    }

    @Test func aPasswordChangeAbandonedByItsConnectionChangesNothing() {
        var core = CoreHarness()
        let alice = core.member("alice", password: "old")
        let started = core.feed(.request(alice, .changePassword(old: "old", new: "new")))
        guard case .checkPassword(let token, _, _, _)? = started.first else { Issue.record("no check: \(started)"); return }
        _ = core.feed(.disconnected(alice))
        let effects = core.feed(.passwordChecked(token, matches: true))
        #expect(effects.isEmpty)
    }

    @Test func theTokenTextIsTheHexOf256RandomBits() {
        var random = SplitMix64(seed: 1)
        let token = SessionToken.random(using: &random)
        #expect(token.count == 64 && SessionToken.isWellFormed(token))
        #expect(!SessionToken.isWellFormed(token.uppercased()) && !SessionToken.isWellFormed(String(token.dropLast())))
    }
}
