// BudgetTests: the small value types behind every budget — address prefixes, counts per address and prefix,
// token buckets, the event-log budget and its summaries, the login throttle per prefix.
import GroupCore
import Testing

@Suite("Budgets")
struct BudgetTests {
    @Test(arguments: [
        ("192.0.2.7", "192.0.2.0/24"), ("10.1.2.255", "10.1.2.0/24"), ("::ffff:192.0.2.7", "192.0.2.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("2001:DB8:0:0:ffff::1", "2001:db8:0:0::/64"),
        ("fe80::1%eth0", "fe80:0:0:0::/64"), ("[2001:db8::7]", "2001:db8:0:0::/64"), ("::1", "0:0:0:0::/64"),
        ("", ""), ("?", "?"), ("256.1.1.1", "256.1.1.1"), ("1:2:3", "1:2:3"), ("1::2::3", "1::2::3"),
    ])
    func prefixes(address: String, prefix: String) { #expect(AddressPrefix.of(address) == prefix) }

    @Test func countsAreCappedPerAddressAndPerPrefix() {
        var counts = AddressCounts(perAddress: 2, perPrefix: 3)
        counts.add("192.0.2.1")
        counts.add("192.0.2.1")
        #expect(counts.refusal(for: "192.0.2.1") == .address(limit: 2))
        #expect(counts.refusal(for: "192.0.2.2") == nil)
        counts.add("192.0.2.2")
        // A fresh address in a full /24 is refused too; another /24 is not.
        #expect(counts.refusal(for: "192.0.2.3") == .prefix("192.0.2.0/24", limit: 3))
        #expect(counts.refusal(for: "192.0.3.1") == nil)
        #expect(counts.refusal(for: "192.0.2.3")?.describe("connections", from: "192.0.2.3")
            == "too many connections from the network 192.0.2.0/24 (at most 3)")
        counts.remove("192.0.2.1")
        #expect(counts.refusal(for: "192.0.2.3") == nil)
        #expect(counts.count(of: "192.0.2.1") == 1)
        #expect(AddressCounts(perAddress: 0, perPrefix: 0).refusal(for: "x") == nil)
    }

    @Test func messagesAreAllowedPerMemberFollowRenamesAndAreForgottenWhenFull() {
        var budgets = GroupBudgets(limits: GroupLimits(messagesPerSecond: 1, messageBurst: 2))
        #expect(budgets.takeMessage(by: "alice", now: 0).allowed)
        #expect(budgets.takeMessage(by: "alice", now: 0).allowed)
        #expect(budgets.takeMessage(by: "alice", now: 0) == (false, 1))
        budgets.rename("alice", to: "ally")
        #expect(budgets.takeMessage(by: "ally", now: 0) == (false, 2), "a rename does not refill the allowance")
        #expect(budgets.takeMessage(by: "bob", now: 0).allowed)
        budgets.prune(now: 10_000)
        budgets.rename("ally", to: "al")  // nothing left to carry: the full bucket was forgotten
        #expect(budgets.takeMessage(by: "al", now: 10_000).allowed)
        #expect(budgets.takeMessage(by: "al", now: 10_000).allowed)
        #expect(!budgets.takeMessage(by: "al", now: 10_000).allowed)
    }

    @Test func aBucketGivesItsBurstThenRefillsAtItsRate() {
        var budget = KeyedBudget(rate: Rate(burst: 3, perMinute: 6))
        for _ in 0..<3 { let result1 = budget.take("alice", now: 0); #expect(result1 == nil) }
        #expect(budget.take("alice", now: 0) == 10_000)  // one every 10 s
        let result2 = budget.take("bob", now: 0)
        #expect(result2 == nil)
        #expect(budget.waitMillis("alice", now: 4_000) == 6_000)
        let result3 = budget.take("alice", now: 10_000)
        #expect(result3 == nil)
        budget.rename("alice", to: "alicia")
        let result4 = budget.take("alicia", now: 10_000)
        #expect(result4 == 10_000)
        budget.prune(now: 1_000_000)
        #expect(budget.count == 0)
        var unlimited = KeyedBudget(rate: .unlimited)
        for _ in 0..<1_000 { #expect(unlimited.take("x", now: 0) == nil) }
    }

    @Test func theLogShowsAFewLinesPerAddressAndSumsUpTheRest() {
        var log = EventLogBudget(perAddress: 5, perKind: 60)
        let shown = (0..<4_316).filter { log.admit(.refusedToken, from: "127.0.0.1", now: Int64($0)) }.count
        #expect(shown == 5)
        let result5 = log.admit(.failedLogin, from: "127.0.0.1", now: 10)
        #expect(result5, "kinds are counted apart")
        let result6 = log.admit(.refusedToken, from: "192.0.2.9", now: 10)
        #expect(result6, "addresses are counted apart")
        #expect(log.summaries(now: 59_999).isEmpty)
        #expect(log.summaries(now: 60_000) == ["… and 4,311 more refused session tokens from 127.0.0.1 in the last minute"])
        #expect(log.summaries(now: 120_000).isEmpty)
        #expect(log.count == 0)
        let result7 = log.admit(.refusedToken, from: "127.0.0.1", now: 120_001)
        #expect(result7, "a new minute shows lines again")
    }

    @Test func theLogCapsEveryAddressTogether() {
        var log = EventLogBudget(perAddress: 5, perKind: 10)
        let shown = (0..<100).filter { log.admit(.droppedConnection, from: "192.0.2.\($0)", now: 0) }.count
        #expect(shown == 10)
        #expect(log.summaries(now: 60_000).count == 90)
    }

    @Test func aWindowEndedBeforeTheTickIsStillSummarised() {
        var log = EventLogBudget(perAddress: 1, perKind: 60)
        let result8 = log.admit(.failedLogin, from: "a", now: 0)
        #expect(result8)
        let result9 = log.admit(.failedLogin, from: "a", now: 1)
        #expect(!result9)
        let result10 = log.admit(.failedLogin, from: "a", now: 60_500)
        #expect(result10)
        #expect(log.summaries(now: 61_000) == ["… and 1 more failed logins from a in the last minute"])
    }

    @Test func theThrottleLocksAWholePrefixAfterTwentyFailures() {
        var throttle = LoginThrottle()
        // Four failures from each of five addresses of one /24: no address reaches five, the /24 reaches twenty.
        for host in 1...5 {
            for _ in 0..<4 { throttle.recordFailure(name: "alice", address: "192.0.2.\(host)", now: 0) }
        }
        #expect(throttle.remainingLock(name: "alice", address: "192.0.2.200", now: 0) == LoginThrottle.baseLockMillis)
        #expect(throttle.remainingLock(name: "alice", address: "192.0.3.1", now: 0) == nil)
        #expect(throttle.remainingLock(name: "bob", address: "192.0.2.200", now: 0) == nil)
        throttle.prune(now: LoginThrottle.memoryMillis)
        #expect(throttle.count == 0)
    }
}
