// PolicyTests: username, text and group-name rules, and the login throttle's growth.
import GroupCore
import Testing

@Suite("Policies")
struct PolicyTests {
    @Test(arguments: ["a", "alice_1", "x-y", String(repeating: "z", count: 32)])
    func validUsernames(name: String) { #expect(NameRules.usernameProblem(name) == nil) }

    @Test(arguments: ["", "Alice", "a.b", "a b", String(repeating: "z", count: 33)])
    func invalidUsernames(name: String) { #expect(NameRules.usernameProblem(name) != nil) }

    @Test func groupNamesRefuseControlCharacters() {
        #expect(NameRules.groupNameProblem("Study group") == nil)
        #expect(NameRules.groupNameProblem("bad\nname") != nil)
        #expect(NameRules.groupNameProblem("") != nil)
    }

    @Test func throttleLocksAfterFiveAndGrows() {
        var throttle = LoginThrottle()
        for _ in 0..<4 { throttle.recordFailure(for: "a", now: 0) }
        #expect(throttle.remainingLock(for: "a", now: 0) == nil)
        throttle.recordFailure(for: "a", now: 0)
        #expect(throttle.remainingLock(for: "a", now: 0) == LoginThrottle.baseLockMillis)
        throttle.recordFailure(for: "a", now: 0)
        #expect(throttle.remainingLock(for: "a", now: 0) == 2 * LoginThrottle.baseLockMillis)
        for _ in 0..<30 { throttle.recordFailure(for: "a", now: 0) }
        #expect(throttle.remainingLock(for: "a", now: 0) == LoginThrottle.maxLockMillis)
        throttle.recordSuccess(for: "a")
        #expect(throttle.remainingLock(for: "a", now: 0) == nil)
        #expect(throttle.remainingLock(for: "b", now: 0) == nil)
    }
}
