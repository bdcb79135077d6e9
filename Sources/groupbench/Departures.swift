// Departures: the members the server disconnected for flooding during the load, and where what each is owed ends.

/// Who was disconnected for flooding, and the sequence number of the last message delivered to the group before each
/// left: the member is owed acknowledged messages up to that one and none after (``MessageBook/account``).
struct Departures {
    /// Members told `2012 kicked|…|flooding`, with the last sequence number each received.
    private var kickedAt: [Int: UInt64] = [:]
    /// The same point as seen by a member that stayed (`2063 kicked|NAME|…`): exact, since it kept receiving, while the
    /// kicked member's own last one may miss messages lost just before it left.
    private var seenAt: [Int: UInt64] = [:]
    /// While draining: when to count the deliveries owed message by message next.
    private var nextCountNanos: Int64 = 0

    /// Whether nobody was disconnected for flooding.
    var isEmpty: Bool { kickedAt.isEmpty }

    /// Whether member `index` was disconnected for flooding.
    func contains(_ index: Int) -> Bool { kickedAt[index] != nil }

    /// Where what each member that left is owed ends.
    var cutoffs: [Int: UInt64] {
        Dictionary(uniqueKeysWithValues: kickedAt.map { member, own in (member, seenAt[member] ?? own) })
    }

    /// A `2012 REMOVED` payload (`kind|by|reason`) to member `index`, whose last received sequence number is
    /// `lastSequence`; true when it was disconnected for flooding (then it is recorded).
    mutating func removed(_ index: Int, payload: String, lastSequence: UInt64) -> Bool {
        let fields = payload.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "kicked", fields[2] == "flooding" else { return false }
        kickedAt[index] = lastSequence
        return true
    }

    /// A `2063 MEMBER REMOVED` payload (`kicked|NAME|by|reason`) seen by a member that stayed, whose last received
    /// sequence number is `lastSequence`; members are named `prefix` + index, below `count`.
    mutating func seen(payload: String, lastSequence: UInt64, prefix: String, count: Int) {
        let fields = payload.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[1].hasPrefix(prefix), let index = Int(fields[1].dropFirst(prefix.count)),
            index >= 0, index < count, seenAt[index] == nil
        else { return }
        seenAt[index] = lastSequence
    }

    /// With members gone, fewer deliveries are owed than acknowledged × (clients − 1): counts them message by message in
    /// `book`, at most every 50 ms, and says whether all have arrived.
    mutating func allDelivered(_ book: MessageBook, clients: Int, now: Int64) -> Bool {
        guard !kickedAt.isEmpty, now >= nextCountNanos else { return false }
        nextCountNanos = now + 50_000_000
        return book.account(clients: clients, cutoffs: cutoffs).lost == 0
    }

    /// When the next count is due (for the poll timeout while draining).
    var nextCount: Int64 { nextCountNanos }
}
