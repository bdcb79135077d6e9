// MemberSessionsTests: the member → sessions table on its own — first and last session, renames, the policy and cap.
@testable import GroupCore
import GroupWire
import Testing

@Suite("Member sessions table")
struct MemberSessionsTests {
    @Test func aMemberIsOnlineFromTheFirstSessionToTheLast() {
        var table = MemberSessions()
        let first = table.add(SessionID(1), for: "alice")
        let second = table.add(SessionID(2), for: "alice")
        #expect(first && !second)
        #expect(table.sessions(of: "alice") == [SessionID(1), SessionID(2)])
        #expect(table.count(of: "alice") == 2 && table.memberCount == 1)
        let notLast = table.remove(SessionID(1), of: "alice")
        #expect(!notLast && table.isOnline("alice"))
        let last = table.remove(SessionID(2), of: "alice")
        #expect(last && !table.isOnline("alice") && table.memberCount == 0)
        let again = table.remove(SessionID(2), of: "alice")
        #expect(!again)  // not there any more
    }

    @Test func addingTheSameSessionTwiceKeepsOneEntry() {
        var table = MemberSessions()
        table.add(SessionID(1), for: "alice")
        table.add(SessionID(1), for: "alice")
        #expect(table.count(of: "alice") == 1)
    }

    @Test func aRenameMovesEverySession() {
        var table = MemberSessions()
        table.add(SessionID(1), for: "alice")
        table.add(SessionID(2), for: "alice")
        table.add(SessionID(3), for: "bob")
        table.rename("alice", to: "alicia")
        #expect(table.sessions(of: "alicia") == [SessionID(1), SessionID(2)])
        #expect(!table.isOnline("alice"))
        #expect(table.names == ["alicia", "bob"])
        #expect(table.all.map(\.name) == ["alicia", "bob"])
    }

    @Test func thePolicyAndTheCap() {
        var table = MemberSessions()
        #expect(table.refusal(for: "alice", policy: .single, cap: 8) == nil)
        table.add(SessionID(1), for: "alice")
        #expect(table.refusal(for: "alice", policy: .single, cap: 8)?.0 == .conflict)
        #expect(table.refusal(for: "alice", policy: .many, cap: 2) == nil)
        table.add(SessionID(2), for: "alice")
        let full = table.refusal(for: "alice", policy: .many, cap: 2)
        #expect(full?.0 == .tooManyRequests)
        #expect(full?.1 == "alice already has 2 sessions open, the most this group allows; close one first")
        #expect(table.refusal(for: "alice", policy: .many, cap: 0) == nil)  // 0: no cap
    }
}
