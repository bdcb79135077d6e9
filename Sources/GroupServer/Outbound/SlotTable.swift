// SlotTable: objects kept under small integer slots that are reused after removal — an array, not a hash table.

/// Objects indexed by a slot number that stays the same while the object is in the table; freed slots are reused
/// (last freed, first reused), so the array stays as long as the most objects held at once. The threads engine keeps
/// its connections here, so that a broadcast finds each recipient with an array index (see ``Audience``).
public struct SlotTable<Element: AnyObject> {
    private var elements: [Element?] = []
    private var numbers = SlotNumbers()
    /// The number of objects held.
    public var count: Int { numbers.count }

    /// Creates an empty table.
    public init() {}

    /// Adds `element` and returns its slot.
    public mutating func add(_ element: Element) -> Int {
        let slot = numbers.take()
        if slot == elements.count { elements.append(element) } else { elements[slot] = element }
        return slot
    }

    /// Removes the object in `slot` (nothing happens when the slot is free or out of range).
    public mutating func remove(_ slot: Int) {
        guard elements.indices.contains(slot), elements[slot] != nil else { return }
        elements[slot] = nil
        numbers.give(back: slot)
    }

    /// The object in `slot`, or nil when the slot is free or out of range.
    public subscript(slot: Int) -> Element? { UInt(bitPattern: slot) < UInt(elements.count) ? elements[slot] : nil }
}
