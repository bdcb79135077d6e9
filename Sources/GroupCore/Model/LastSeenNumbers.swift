// LastSeenNumbers: how far each member has read (a sequence number, for catch-up), and which numbers changed since
// they were last saved — lastseen.txt is saved change by change, so a member's coming or going costs one line.

/// The highest sequence number each member is known to have seen, with the names whose number changed (or went)
/// since ``takeChanges()`` last handed them over for saving.
struct LastSeenNumbers: Sendable {
    private var numbers: [String: UInt64]
    private var changed: Set<String> = []

    /// The numbers as loaded; when a name appears twice, the first wins (as for every data file).
    init(_ records: [LastSeen]) {
        numbers = Dictionary(records.map { ($0.name, $0.sequence) }, uniquingKeysWith: { first, _ in first })
    }

    /// The number of `name`, nil when unknown.
    subscript(name: String) -> UInt64? { numbers[name] }

    /// Sets the number of `name`; it is saved with the next changes.
    mutating func record(_ name: String, _ sequence: UInt64) {
        numbers[name] = sequence
        changed.insert(name)
    }

    /// Forgets `name` (a member who left, or renamed); returns the number it had.
    @discardableResult
    mutating func remove(_ name: String) -> UInt64? {
        guard let number = numbers.removeValue(forKey: name) else { return nil }
        changed.insert(name)
        return number
    }

    /// Whether something changed since the last ``takeChanges()``.
    var hasChanges: Bool { !changed.isEmpty }

    /// The changes to save, by name, and forgets them: each name's number as it is now, or its removal.
    mutating func takeChanges() -> [RecordChange<LastSeen>] {
        defer { changed.removeAll() }
        return changed.sorted().map { name in
            numbers[name].map { .put(LastSeen(name: name, sequence: $0)) } ?? .remove(name)
        }
    }
}
