// BudgetRulesTests: what one member or one address can make the group do — renames, tokens, logins, uploads,
// join requests, token guesses and log lines — is bounded, and the bound is answered clearly.
import GroupCore
import GroupWire
import Testing

@Suite("Budget rules")
struct BudgetRulesTests {
    @Test func renamesBeyondTheChangeBudgetAreRefused429AndFormerNamesStayBounded() {
        var limits = GroupLimits()
        limits.changeRate = Rate(burst: 10, perMinute: 10)
        limits.maxFormerNames = 3
        var core = CoreHarness(limits: limits)
        let session = core.member("a0")
        var name = "a0"
        var statuses: [StatusCode] = []
        for round in 1...12 {
            // A message under each name, so every former name covers one and is worth keeping.
            _ = core.say("hi", from: session)
            let effects = core.feed(.request(session, .rename(newName: "a\(round)")))
            let answer = responses(effects, to: session)
            statuses.append(answer.first?.0 ?? .ok)
            if answer.first?.0 == .ok { name = "a\(round)" }
        }
        // The login took one change of the ten: nine renames, then 429.
        #expect(Array(statuses.prefix(9)) == Array(repeating: .ok, count: 9))
        #expect(statuses.suffix(3) == [.tooManyRequests, .tooManyRequests, .tooManyRequests])
        let refused = responses(core.feed(.request(session, .rename(newName: "zz"))), to: session)
        #expect(refused.first?.2 == "you are making changes too fast; try again in 6 s")
        // Six seconds later one more is allowed (10 a minute).
        core.now += 6_000
        #expect(status(core.feed(.request(session, .rename(newName: "zz"))), to: session) == .ok)
        name = "zz"
        #expect(core.machine.memberList.first { $0.name == name }?.formerNames.map(\.name) == ["a7", "a8", "a9"])
    }

    @Test func aNameHeldForNoMessageIsNotKept() {
        var member = Member(name: "b", role: .member, passwordHash: "", joinedAt: 0, nameSince: 5)
        member.remember(formerName: "b", until: 5, keeping: 32)
        #expect(member.formerNames.isEmpty)
        member.remember(formerName: "b", until: 6, keeping: 32)
        #expect(member.formerNames == [FormerName(name: "b", from: 5, until: 6)])
    }

    @Test func issuingTokensIsBudgetedAndTheOldestAreRevoked() {
        var core = CoreHarness()
        let alice = core.member("alice")
        var statuses: [StatusCode] = []
        for _ in 0..<12 { statuses.append(responses(core.feed(.request(alice, .issueToken)), to: alice).first?.0 ?? .ok) }
        #expect(statuses.filter { $0 == .created }.count == 9, "one change went to the login")
        #expect(statuses.last == .tooManyRequests)
    }

    @Test func onlySuccessfulLoginsUseTheMembersBudget() {
        var limits = GroupLimits()
        limits.changeRate = Rate(burst: 2, perMinute: 1)
        var core = CoreHarness(limits: limits)
        core.leaveOffline(core.member("alice"))  // one login used
        // A stranger's wrong guesses do not touch it.
        for address in 0..<10 {
            let stranger = core.connect(from: "198.51.100.\(address)")
            _ = core.run(.request(stranger, .login(username: "alice", password: "guess")))
        }
        let second = core.connect()
        #expect(status(core.run(.request(second, .login(username: "alice", password: "pw"))), to: second) == .ok)
        core.leaveOffline(second)
        let third = core.connect()
        let refused = responses(core.run(.request(third, .login(username: "alice", password: "pw"))), to: third)
        #expect(refused.map(\.0) == [.tooManyRequests])
        #expect(refused.first?.2 == "alice logged in too often in a short time; try again in 60 s")
    }

    @Test func refusedTokensCountTowardTheLoginThrottleAndTheirLinesAreSummarised() {
        var core = CoreHarness()
        let guesser = core.connect(from: "203.0.113.5")
        var statuses: [StatusCode] = []
        var lines: [String] = []
        for round in 0..<40 {
            let guess = String(repeating: String(round % 10), count: 64)
            let effects = core.feed(.request(guesser, .loginWithToken(token: guess)))
            statuses.append(responses(effects, to: guesser).first?.0 ?? .ok)
            lines += logs(effects)
        }
        #expect(Array(statuses.prefix(5)) == Array(repeating: .unauthorized, count: 5))
        #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
        // Revoking is the same oracle: locked too.
        let revoke = core.feed(.request(guesser, .revokeToken(token: String(repeating: "a", count: 64))))
        #expect(responses(revoke, to: guesser).first?.0 == .tooManyRequests)
        #expect(lines == Array(repeating: "refused a session token that is not valid from 203.0.113.5", count: 5))
        // Another /24 is not affected.
        let other = core.connect(from: "203.0.114.5")
        #expect(responses(core.feed(.request(other, .loginWithToken(token: String(repeating: "b", count: 64)))), to: other)
            .first?.0 == .unauthorized)
    }

    @Test func logLinesBeyondTheBudgetAreSummarisedOnTheTick() {
        var core = CoreHarness()
        var lines: [String] = []
        for round in 0..<30 {
            let session = core.connect(from: "203.0.113.5")
            lines += logs(core.feed(.connectionDropped(session, reason: "disconnected: round \(round)")))
        }
        #expect(lines.count == 5)
        core.now += EventLogBudget.windowMillis
        #expect(logs(core.feed(.tick)) == ["… and 25 more dropped connections from 203.0.113.5 in the last minute"])
    }

    @Test func rightPasswordChecksOfAPendingNameAreThrottled() {
        var core = CoreHarness()
        let waiting = core.connect(from: "192.0.2.1")
        #expect(status(core.run(.request(waiting, .register(username: "erin", password: "pw"))), to: waiting) == .accepted)
        var statuses: [StatusCode] = []
        for _ in 0..<7 {
            let again = core.connect(from: "192.0.2.1")
            statuses.append(responses(core.run(.request(again, .login(username: "erin", password: "pw"))), to: again).first?.0 ?? .ok)
        }
        #expect(Array(statuses.prefix(5)) == Array(repeating: .accepted, count: 5))
        #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
    }

    @Test func joinRequestsWaitingAreCappedPerAddressAndPrefix() {
        var limits = GroupLimits()
        limits.maxPendingPerAddress = 2
        var core = CoreHarness(limits: limits)
        var statuses: [StatusCode] = []
        for index in 0..<3 {
            let session = core.connect(from: "192.0.2.1")
            statuses.append(responses(core.run(.request(session, .register(username: "u\(index)", password: "pw"))), to: session).first?.0 ?? .ok)
        }
        #expect(statuses == [.accepted, .accepted, .unavailable])
        // Other hosts of the same /24 share three times as much: four more, then no more.
        var prefix: [StatusCode] = []
        for index in 0..<6 {
            let session = core.connect(from: "192.0.2.\(10 + index / 2)")
            prefix.append(responses(core.run(.request(session, .register(username: "p\(index)", password: "pw"))), to: session).first?.0 ?? .ok)
        }
        #expect(prefix.filter { $0 == .accepted }.count == 4)
        let elsewhere = core.connect(from: "198.51.100.1")
        #expect(status(core.run(.request(elsewhere, .register(username: "far", password: "pw"))), to: elsewhere) == .accepted)
        // A decision frees the address's place.
        _ = core.run(.admin(.reject("u0")))
        let again = core.connect(from: "192.0.2.1")
        #expect(status(core.run(.request(again, .register(username: "u9", password: "pw"))), to: again) == .accepted)
    }

    @Test func joinRequestsPerAddressAreRateLimited() {
        var limits = GroupLimits()
        limits.joinRate = Rate(burst: 3, perMinute: 3)
        var core = CoreHarness(admission: .open, limits: limits)
        var statuses: [StatusCode] = []
        for index in 0..<4 {
            let session = core.connect(from: "192.0.2.1")
            statuses.append(responses(core.run(.request(session, .register(username: "o\(index)", password: "pw"))), to: session).first?.0 ?? .ok)
        }
        #expect(statuses == [.created, .created, .created, .tooManyRequests])
    }

    @Test func anUploadThatStopsSendingIsCancelledAndTheSlotFreed() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .uploadBegin(name: "big.iso", size: 10, checksum: 0)))
        _ = core.feed(.request(alice, .uploadChunk([1, 2, 3])))
        core.now += 29_000
        #expect(responses(core.feed(.tick), to: alice).isEmpty)
        core.now += 1_000
        let effects = core.feed(.tick)
        #expect(responses(effects, to: alice).map { "\($0.0.rawValue) \($0.1) \($0.2)" }
            == ["400 1023 the upload of big.iso was cancelled: nothing arrived for 30 s; upload it again"])
        #expect(effects.contains { if case .discardUpload = $0 { true } else { false } })
        #expect(status(core.run(.request(bob, .uploadBegin(name: "mine.txt", size: 1, checksum: 0))), to: bob) == .ok)
    }

    @Test(arguments: ["spam\u{1B}[2J", "bell\u{07}", "nul\u{0}", "two\nlines", "bidi\u{202E}txt"])
    func reasonsWithControlCharactersAreRefusedAtTheEdge(reason: String) {
        var core = CoreHarness()
        let mod = core.moderator("mod")
        _ = core.member("bob")
        let effects = core.run(.request(mod, .moderate(.ban(name: "bob", seconds: 0, reason: reason))))
        #expect(responses(effects, to: mod).map(\.0) == [.badRequest])
        #expect(!effects.contains { if case .save = $0 { true } else { false } })
        #expect(replies(core.run(.admin(.kick("bob", reason: reason)))) == ["a reason may not contain control characters"])
    }

    @Test func awayNoticesAndDownloadsReachTheLogWithinTheAddressBudget() {
        var core = CoreHarness()
        let alice = core.connect(from: "192.0.2.7")
        _ = core.run(.request(alice, .register(username: "alice", password: "pw")))
        _ = core.run(.admin(.approve("alice")))
        _ = core.run(.request(alice, .login(username: "alice", password: "pw")))
        var lines: [String] = []
        for round in 0..<20 {
            core.now += 1_000  // within the message rate
            lines += logs(core.feed(.request(alice, round % 2 == 0 ? .away(reason: "") : .back)))
        }
        #expect(lines.count == 5, "\(lines)")
        core.now += EventLogBudget.windowMillis
        #expect(logs(core.feed(.tick)) == ["… and 15 more away and back notices from 192.0.2.7 in the last minute"])
    }

    @Test func downloadsAreRateLimitedAndTheirLogLinesBudgeted() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bytes: [UInt8] = [1]
        _ = core.run(.request(alice, .uploadBegin(name: "a.txt", size: 1, checksum: CRC32.of(bytes))))
        _ = core.run(.request(alice, .uploadChunk(bytes)))
        for effect in core.run(.request(alice, .uploadEnd)) {
            if case .finishUpload(let id, _) = effect { _ = core.run(.uploadStored(id, error: nil)) }
        }
        var lines: [String] = []
        var statuses: [StatusCode] = []
        for _ in 0..<30 {
            let started = core.feed(.request(alice, .download(name: "a.txt", offset: 0)))
            statuses += responses(started, to: alice).map(\.0)
            lines += logs(core.feed(.outputReady(alice)))
        }
        #expect(statuses.contains(.tooManyRequests), "downloads are not rate limited: \(statuses)")
        #expect(lines.count == 5, "\(lines)")
    }
}
