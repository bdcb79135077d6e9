// SlotTable: objects kept under small integer slots that are reused after removal — an array, not a hash table.

/// Objects indexed by a slot number that stays the same while the object is in the table; freed slots are reused
/// (last freed, first reused), so the array stays as long as the most objects held at once. The threads engine keeps
/// its connections here, so that a broadcast finds each recipient with an array index (see ``Audience``).
public struct SlotTable<Element: AnyObject> {
    private var elements: [Element?] = []
    private var free: [Int] = []
    /// The number of objects held.
    public private(set) var count = 0

    /// Creates an empty table.
    public init() {}

    /// Adds `element` and returns its slot.
    public mutating func add(_ element: Element) -> Int {
        count += 1
        if let slot = free.popLast() {
            elements[slot] = element
            return slot
        }
        elements.append(element)
        return elements.count - 1
    }

    /// Removes the object in `slot` (nothing happens when the slot is free or out of range).
    public mutating func remove(_ slot: Int) {
        guard elements.indices.contains(slot), elements[slot] != nil else { return }
        elements[slot] = nil
        free.append(slot)
        count -= 1
    }

    /// The object in `slot`, or nil when the slot is free or out of range.
    public subscript(slot: Int) -> Element? { UInt(bitPattern: slot) < UInt(elements.count) ? elements[slot] : nil }
}
