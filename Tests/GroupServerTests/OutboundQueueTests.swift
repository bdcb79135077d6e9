// OutboundQueueTests: the per-connection byte FIFO is bounded, drains from the front and keeps order.
import GroupServer
import Testing

@Suite("OutboundQueue")
struct OutboundQueueTests {
    /// Drains up to `max` bytes and returns the bytes `body` saw and the ones it took.
    static func drain(_ queue: inout OutboundQueue, taking max: Int) -> (offered: [UInt8], taken: [UInt8]) {
        var offered: [UInt8] = []
        var taken: [UInt8] = []
        queue.drain { raw in
            offered = Array(raw)
            let n = min(max, raw.count)
            taken = Array(raw.prefix(n))
            return n
        }
        return (offered, taken)
    }

    @Test func newQueueIsEmpty() {
        var queue = OutboundQueue(limit: 10)
        #expect(queue.isEmpty)
        #expect(queue.count == 0)
        var called = false
        queue.drain { _ in called = true; return 0 }
        #expect(!called)
    }

    @Test func appendUnderTheLimit() {
        var queue = OutboundQueue(limit: 10)
        #expect(queue.append([1, 2, 3]) == true)
        #expect(queue.append([4, 5]) == true)
        #expect(queue.count == 5)
        #expect(!queue.isEmpty)
        #expect(Self.drain(&queue, taking: 100).offered == [1, 2, 3, 4, 5])
    }

    @Test func appendUpToExactlyTheLimitIsAccepted() {
        var queue = OutboundQueue(limit: 6)
        #expect(queue.append([1, 2, 3]) == true)
        #expect(queue.append([4, 5, 6]) == true)
        #expect(queue.count == 6)
    }

    @Test func appendOverTheLimitIsRefusedAndAppendsNothing() {
        var queue = OutboundQueue(limit: 6)
        #expect(queue.append([1, 2, 3, 4]) == true)
        #expect(queue.append([5, 6, 7]) == false)
        #expect(queue.count == 4)
        #expect(Self.drain(&queue, taking: 100).offered == [1, 2, 3, 4])
        #expect(queue.isEmpty)
    }

    @Test func frameBiggerThanTheLimitIsRefusedEvenWhenEmpty() {
        var queue = OutboundQueue(limit: 4)
        #expect(queue.append([1, 2, 3, 4, 5]) == false)
        #expect(queue.isEmpty)
        #expect(queue.append([]) == true)
        #expect(queue.isEmpty)
    }

    @Test func partialDrainKeepsTheRestInOrder() {
        var queue = OutboundQueue(limit: 100)
        #expect(queue.append(Array(1...10)) == true)
        let first = Self.drain(&queue, taking: 4)
        #expect(first.offered == Array(1...10))
        #expect(queue.count == 6)
        #expect(queue.append([11, 12]) == true)
        let second = Self.drain(&queue, taking: 3)
        #expect(second.offered == Array(5...12))
        #expect(Self.drain(&queue, taking: 100).offered == Array(8...12))
        #expect(queue.isEmpty)
    }

    @Test func drainTakingNothingKeepsEverything() {
        var queue = OutboundQueue(limit: 100)
        #expect(queue.append([9, 8, 7]) == true)
        _ = Self.drain(&queue, taking: 0)
        #expect(queue.count == 3)
        #expect(Self.drain(&queue, taking: 100).offered == [9, 8, 7])
    }

    @Test func fullDrainEmptiesTheQueueAndFreesTheLimit() {
        var queue = OutboundQueue(limit: 8)
        #expect(queue.append(Array(repeating: 1, count: 8)) == true)
        #expect(queue.append([2]) == false)
        _ = Self.drain(&queue, taking: 8)
        #expect(queue.isEmpty)
        #expect(queue.count == 0)
        #expect(queue.append(Array(repeating: 3, count: 8)) == true)
        #expect(Self.drain(&queue, taking: 100).offered == Array(repeating: 3, count: 8))
    }

    @Test func partialDrainFreesRoomForMore() {
        var queue = OutboundQueue(limit: 10)
        #expect(queue.append(Array(0..<10)) == true)
        _ = Self.drain(&queue, taking: 6)
        #expect(queue.append(Array(10..<16)) == true)
        #expect(queue.append([16]) == false)
        #expect(Self.drain(&queue, taking: 100).offered == Array(6..<16))
    }

    @Test func largeQueuesKeepOrderAcrossCompaction() {
        let total = 200_000
        let bytes = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        var queue = OutboundQueue(limit: total + 50_000)
        #expect(queue.append(bytes) == true)
        var received: [UInt8] = []
        // Uneven writes, like a slow socket; passes the queue's compaction threshold several times.
        var step = 1
        while !queue.isEmpty {
            let (_, taken) = Self.drain(&queue, taking: 13_337 * step % 70_000 + 1)
            received += taken
            if step == 3 { #expect(queue.append(Array(repeating: 0xEE, count: 40_000)) == true) }
            step += 1
        }
        #expect(received == bytes + Array(repeating: 0xEE, count: 40_000))
    }
}
