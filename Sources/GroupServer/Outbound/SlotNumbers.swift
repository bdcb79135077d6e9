// SlotNumbers: which small integer slots of an array are in use — the free list the engines' slot tables share.

/// Hands out slot numbers for an array of entries: a freed number is reused before a new one (last freed, first
/// reused), so the array stays as long as the most entries held at once. ``SlotTable`` (threads engine) and
/// ``DeliveryTable`` (event loop) keep their entries under these numbers.
struct SlotNumbers {
    private var free: [Int] = []
    private var taken = 0
    /// The numbers in use.
    private(set) var count = 0

    /// A number for a new entry: a freed one, or `taken`, the array's next index (the caller appends there).
    mutating func take() -> Int {
        count += 1
        if let number = free.popLast() { return number }
        taken += 1
        return taken - 1
    }

    /// Frees `number` for a later ``take()``.
    mutating func give(back number: Int) {
        free.append(number)
        count -= 1
    }
}
