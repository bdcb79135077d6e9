// DeliveryTableTests: slots are given and reused, broadcasts reach exactly the live members' queues in order, each
// queue is listed dirty once per turn, and a full queue is closed and reported instead of growing.
import GroupCore
import GroupServer
import Testing

@Suite("DeliveryTable")
struct DeliveryTableTests {
    final class Owner {
        let name: String
        init(_ name: String) { self.name = name }
    }

    static func bytes(_ queue: OutboundQueue) -> [UInt8] {
        var copy = queue
        return copy.takeAll()
    }

    /// Broadcasts `frame` (behind `prefix`) to `audience`; returns the slots made dirty and those that overflowed.
    static func broadcast(
        _ frame: [UInt8], prefix: [UInt8] = [], in table: inout DeliveryTable<Owner>, to audience: Audience,
        dirty: inout [Int]
    ) -> [Int] {
        var overflowed: [Int] = []
        prefix.withUnsafeBufferPointer { prefix in
            frame.withUnsafeBufferPointer { frame in
                table.broadcast(prefix: prefix, frame: frame, to: audience, dirty: &dirty, overflowed: &overflowed)
            }
        }
        return overflowed
    }

    @Test func slotsAreGivenInOrderAndReusedAfterRemoval() {
        var table = DeliveryTable<Owner>(queueLimit: 100)
        let a = Owner("a"), b = Owner("b"), c = Owner("c")
        #expect(table.add(a, session: SessionID(16)) == 0)
        #expect(table.add(b, session: SessionID(17)) == 1)
        table.remove(0)
        #expect(table.owner(0) == nil)
        #expect(!table.isOpen(0))
        #expect(table.count == 1)
        #expect(table.add(c, session: SessionID(18)) == 0)
        #expect(table.owner(0) === c)
        #expect(table.isOpen(0))
        #expect(table.owner(7) == nil)
    }

    @Test func aBroadcastReachesEveryMemberOnceInOrderAndListsEachQueueDirtyOnce() {
        var table = DeliveryTable<Owner>(queueLimit: 100)
        var audience = Audience()
        for raw in UInt64(16)..<19 {
            let slot = table.add(Owner("\(raw)"), session: SessionID(raw))
            audience.insert(SessionID(raw), slot: slot)
        }
        var dirty: [Int] = []
        #expect(Self.broadcast([1, 2], prefix: [9], in: &table, to: audience, dirty: &dirty).isEmpty)
        #expect(Self.broadcast([3], in: &table, to: audience, dirty: &dirty).isEmpty)
        #expect(dirty.sorted() == [0, 1, 2])
        for slot in 0..<3 { #expect(Self.bytes(table[queue: slot]) == [9, 1, 2, 3]) }
        // Written: the next broadcast lists the queue again.
        #expect(table.takeDirty(1) != nil)
        dirty = []
        _ = Self.broadcast([4], in: &table, to: audience, dirty: &dirty)
        #expect(dirty == [1])
    }

    @Test func closedFreedAndReusedSlotsAreSkipped() {
        var table = DeliveryTable<Owner>(queueLimit: 100)
        var audience = Audience()
        for raw in UInt64(16)..<19 {
            let slot = table.add(Owner("\(raw)"), session: SessionID(raw))
            audience.insert(SessionID(raw), slot: slot)
        }
        audience.insert(SessionID(40), slot: Audience.noSlot)
        audience.insert(SessionID(41), slot: 99)
        table.close(0)
        table.remove(1)
        // Slot 1 now serves another session: a stale member naming slot 1 must not reach it.
        #expect(table.add(Owner("new"), session: SessionID(20)) == 1)
        var dirty: [Int] = []
        _ = Self.broadcast([7], in: &table, to: audience, dirty: &dirty)
        #expect(dirty == [2])
        #expect(Self.bytes(table[queue: 0]).isEmpty)
        #expect(Self.bytes(table[queue: 1]).isEmpty)
        #expect(Self.bytes(table[queue: 2]) == [7])
    }

    @Test func aFullQueueIsClosedAndReportedAndGetsNothingMore() {
        var table = DeliveryTable<Owner>(queueLimit: 4)
        var audience = Audience()
        for raw in UInt64(16)..<18 {
            let slot = table.add(Owner("\(raw)"), session: SessionID(raw))
            audience.insert(SessionID(raw), slot: slot)
        }
        var dirty: [Int] = []
        let queued: [UInt8] = [1, 2, 3]
        queued.withUnsafeBufferPointer { bytes in
            #expect(table.append(UnsafeBufferPointer(start: nil, count: 0), bytes, to: 0, dirty: &dirty))
        }
        #expect(Self.broadcast([5, 6], in: &table, to: audience, dirty: &dirty) == [0])
        #expect(!table.isOpen(0))
        #expect(Self.bytes(table[queue: 0]) == [1, 2, 3])
        #expect(Self.bytes(table[queue: 1]) == [5, 6])
        #expect(Self.broadcast([8], in: &table, to: audience, dirty: &dirty).isEmpty)
        #expect(Self.bytes(table[queue: 0]) == [1, 2, 3])
        #expect(dirty == [0, 1])
    }
}
