// DeliveryTable: every connection's outbound queue in one contiguous array of slots, so that a broadcast reaches
// each recipient's queue by index — no hash look-up, no reference counting, no exclusivity check per recipient.
import GroupCore

/// The outbound side of an engine's connections, indexed by a small slot number that stays the same while the
/// connection lives and is reused after it closes.
///
/// A slot holds the session it serves, the connection's owner object (`Owner`, the engine's record), its bounded
/// ``OutboundQueue``, whether it still takes output, and whether it waits in the engine's list of queues to write
/// this turn ("dirty"). ``broadcast(prefix:frame:to:dirty:overflowed:)`` walks an ``Audience`` once per message
/// over an unsafe view of the slots: the per-recipient work is a bounds check, a session compare and a `memcpy`.
public struct DeliveryTable<Owner: AnyObject> {
    private struct Slot {
        var session: SessionID
        var owner: Owner?
        var queue: OutboundQueue
        var open: Bool
        var dirty: Bool
    }

    private var slots: [Slot] = []
    private var numbers = SlotNumbers()
    /// The most bytes one queue may hold.
    public let queueLimit: Int

    /// Creates an empty table whose queues hold at most `queueLimit` bytes each.
    public init(queueLimit: Int) { self.queueLimit = queueLimit }

    /// The number of slots in use.
    public var count: Int { numbers.count }

    /// Gives `owner`, serving `session`, a slot with an empty queue, and returns the slot.
    public mutating func add(_ owner: Owner, session: SessionID) -> Int {
        let fresh = Slot(session: session, owner: owner, queue: OutboundQueue(limit: queueLimit), open: true, dirty: false)
        let slot = numbers.take()
        if slot == slots.count { slots.append(fresh) } else { slots[slot] = fresh }
        return slot
    }

    /// Frees `slot` (its queue is dropped) for a later ``add(_:session:)``.
    public mutating func remove(_ slot: Int) {
        guard slots.indices.contains(slot), slots[slot].owner != nil else { return }
        slots[slot] = Slot(session: SessionID(0), owner: nil, queue: OutboundQueue(limit: 0), open: false, dirty: false)
        numbers.give(back: slot)
    }

    /// The owner in `slot`, or nil when the slot is free.
    public func owner(_ slot: Int) -> Owner? { slots.indices.contains(slot) ? slots[slot].owner : nil }

    /// The queue of `slot` (which must be in use), changed in place.
    public subscript(queue slot: Int) -> OutboundQueue {
        get { slots[slot].queue }
        _modify { yield &slots[slot].queue }
    }

    /// Stops `slot` taking output: its connection is being torn down.
    public mutating func close(_ slot: Int) { slots[slot].open = false }

    /// Whether `slot` is in use and takes output.
    public func isOpen(_ slot: Int) -> Bool { slots.indices.contains(slot) && slots[slot].open }

    /// Marks `slot` to be written this turn; appends it to `dirty` unless it already is there.
    public mutating func markDirty(_ slot: Int, in dirty: inout [Int]) {
        guard !slots[slot].dirty else { return }
        slots[slot].dirty = true
        dirty.append(slot)
    }

    /// Takes `slot` off this turn's list and returns its owner (nil when the slot was freed meanwhile).
    public mutating func takeDirty(_ slot: Int) -> Owner? {
        slots[slot].dirty = false
        return slots[slot].owner
    }

    /// Appends `prefix` then `bytes` to `slot`'s queue as one unit and marks it dirty.
    /// - Returns: false, appending nothing, when the queue would pass its limit.
    public mutating func append(
        _ prefix: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, to slot: Int, dirty: inout [Int]
    ) -> Bool {
        guard slots[slot].queue.append(prefix, bytes) else { return false }
        markDirty(slot, in: &dirty)
        return true
    }

    /// Appends `prefix` then `frame` to the queue of every member of `audience` whose slot still serves that
    /// member's session and takes output, marking each queue dirty (once per turn).
    /// - Parameters:
    ///   - dirty: The engine's list of slots to write this turn; slots that became dirty are appended.
    ///   - overflowed: Slots whose queue would have passed its limit; they get nothing more, are closed, and are
    ///     appended here for the engine to cut off.
    public mutating func broadcast(
        prefix: UnsafeBufferPointer<UInt8>, frame: UnsafeBufferPointer<UInt8>, to audience: Audience,
        dirty: inout [Int], overflowed: inout [Int]
    ) {
        audience.members.withUnsafeBufferPointer { members in
            slots.withUnsafeMutableBufferPointer { slots in
                for member in members {
                    let slot = member.slot
                    guard UInt(bitPattern: slot) < UInt(slots.count), slots[slot].open,
                        slots[slot].session == member.session
                    else { continue }
                    guard slots[slot].queue.append(prefix, frame) else {
                        slots[slot].open = false
                        overflowed.append(slot)
                        continue
                    }
                    if !slots[slot].dirty {
                        slots[slot].dirty = true
                        dirty.append(slot)
                    }
                }
            }
        }
    }
}
