// AudienceTests: the broadcast audience adds and removes in O(1), keeps each session once, and keeps its slot.
import GroupCore
import GroupServer
import Testing

@Suite("Audience")
struct AudienceTests {
    static func sessions(_ audience: Audience) -> Set<UInt64> { Set(audience.members.map(\.session.raw)) }

    @Test func membersKeepTheSlotTheyWereAddedWith() {
        var audience = Audience()
        audience.insert(SessionID(16), slot: 0)
        audience.insert(SessionID(17), slot: 5)
        #expect(audience.members == [
            Audience.Member(session: SessionID(16), slot: 0), Audience.Member(session: SessionID(17), slot: 5),
        ])
        #expect(audience.contains(SessionID(17)))
        #expect(!audience.contains(SessionID(18)))
    }

    @Test func aSessionIsInOnceAndKeepsItsFirstSlot() {
        var audience = Audience()
        audience.insert(SessionID(16), slot: 0)
        audience.insert(SessionID(16), slot: 9)
        #expect(audience.members == [Audience.Member(session: SessionID(16), slot: 0)])
    }

    @Test func removingFromTheMiddleMovesTheLastMemberIntoTheGap() {
        var audience = Audience()
        for raw in UInt64(16)..<20 { audience.insert(SessionID(raw), slot: Int(raw) - 16) }
        audience.remove(SessionID(17))
        #expect(audience.count == 3)
        #expect(Self.sessions(audience) == [16, 18, 19])
        #expect(audience.members[1] == Audience.Member(session: SessionID(19), slot: 3))
        // The moved member can itself be removed: its position was updated.
        audience.remove(SessionID(19))
        audience.remove(SessionID(16))
        #expect(audience.members == [Audience.Member(session: SessionID(18), slot: 2)])
    }

    @Test func removingTheLastOrAnUnknownSessionIsSafe() {
        var audience = Audience()
        audience.insert(SessionID(16), slot: 0)
        audience.remove(SessionID(99))
        audience.remove(SessionID(16))
        audience.remove(SessionID(16))
        #expect(audience.count == 0)
        audience.insert(SessionID(16), slot: 1)
        #expect(audience.members == [Audience.Member(session: SessionID(16), slot: 1)])
    }
}
