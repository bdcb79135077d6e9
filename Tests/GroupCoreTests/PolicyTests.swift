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
        func lock() -> Int64? { throttle.remainingLock(name: "a", address: "192.0.2.7", now: 0) }
        for _ in 0..<4 { throttle.recordFailure(name: "a", address: "192.0.2.7", now: 0) }
        #expect(lock() == nil)
        throttle.recordFailure(name: "a", address: "192.0.2.7", now: 0)
        #expect(lock() == LoginThrottle.baseLockMillis)
        throttle.recordFailure(name: "a", address: "192.0.2.7", now: 0)
        #expect(lock() == 2 * LoginThrottle.baseLockMillis)
        for _ in 0..<30 { throttle.recordFailure(name: "a", address: "192.0.2.7", now: 0) }
        #expect(lock() == LoginThrottle.maxLockMillis)
        throttle.recordSuccess(name: "a", address: "192.0.2.7")
        #expect(lock() == nil)
        #expect(throttle.remainingLock(name: "b", address: "192.0.2.7", now: 0) == nil)
    }
}
