// MessageBook: every message the senders sent — its sequence number, whether it was acknowledged, and how many members
// received it — so lost deliveries are counted message by message, against the members that were owed each one, even
// when the server refuses messages and disconnects members for flooding.

/// The fate of one benchmark message.
struct BookEntry {
    /// Its sequence number, from the copy its sender received (`2002 SEQ|…`); 0 until then.
    var sequence: UInt64 = 0
    /// How many members other than its sender received it.
    var deliveries: UInt32 = 0
    /// Whether the server acknowledged it (`200|1004|SEQ`).
    var acknowledged = false
}

/// The deliveries owed and received, counted message by message.
struct DeliveryAccount: Equatable {
    /// Deliveries of acknowledged messages owed to the members that were in the group when each was delivered.
    var expected = 0
    /// Of those, the ones that arrived.
    var delivered = 0
    /// Owed but never received.
    var lost: Int { expected - delivered }
    /// Deliveries of messages that were saved but never acknowledged, because their sender was disconnected first.
    var unacknowledged = 0
}

/// The messages of every sender, indexed by the sender's counter (1, 2, 3, … in the order they were sent). A refusal
/// (429) is answered at once while earlier messages still wait for the disk, so answers cannot be matched to messages
/// by their order; an acknowledgement is matched by its sequence number to the sender's own copy of the message, which
/// the server sends just before it. One growable buffer per sender, written only by the load generator's thread; the
/// per-delivery work is one bounds check and one increment.
final class MessageBook {
    private var entries: [UnsafeMutablePointer<BookEntry>]
    private var capacity: [Int]
    /// Messages sent by each sender so far (its last counter).
    private var sent: [Int]
    /// The counter of the last message each sender received its own copy of.
    private var lastEchoed: [Int]

    /// An empty book for `senders` senders.
    init(senders: Int) {
        capacity = Array(repeating: 1024, count: senders)
        entries = (0..<senders).map { _ in .allocate(capacity: 1024) }
        sent = Array(repeating: 0, count: senders)
        lastEchoed = Array(repeating: 0, count: senders)
    }

    deinit { for storage in entries { storage.deallocate() } }

    /// Records that `sender` sent its next message; returns its counter (1 for the first).
    func send(_ sender: Int) -> UInt64 {
        let index = sent[sender]
        if index == capacity[sender] {
            let grown = UnsafeMutablePointer<BookEntry>.allocate(capacity: index * 2)
            grown.moveInitialize(from: entries[sender], count: index)
            entries[sender].deallocate()
            entries[sender] = grown
            capacity[sender] = index * 2
        }
        (entries[sender] + index).initialize(to: BookEntry())
        sent[sender] = index + 1
        return UInt64(index + 1)
    }

    /// Records that `sender` received its own message number `counter`, saved as `sequence`.
    @inline(__always)
    func echo(_ sender: Int, counter: UInt64, sequence: UInt64) {
        guard counter >= 1, counter <= UInt64(sent[sender]) else { return }
        entries[sender][Int(counter) - 1].sequence = sequence
        lastEchoed[sender] = Int(counter)
    }

    /// Records `200|1004|sequence` to `sender`; false when it does not match the copy it received just before.
    func acknowledge(_ sender: Int, sequence: UInt64) -> Bool {
        let counter = lastEchoed[sender]
        guard counter > 0, entries[sender][counter - 1].sequence == sequence else { return false }
        entries[sender][counter - 1].acknowledged = true
        return true
    }

    /// Records that a member other than its sender received `sender`'s message number `counter`.
    @inline(__always)
    func deliver(_ sender: Int, counter: UInt64) {
        guard counter >= 1, counter <= UInt64(sent[sender]) else { return }
        entries[sender][Int(counter) - 1].deliveries &+= 1
    }

    /// Counts what was owed and what arrived among `clients` members. `cutoffs[k]`, for a member that left the group
    /// during the run (disconnected for flooding), is the sequence number of the last message delivered to the group
    /// before it left: it is owed acknowledged messages up to that one and none after.
    func account(clients: Int, cutoffs: [Int: UInt64]) -> DeliveryAccount {
        var account = DeliveryAccount()
        for sender in 0..<entries.count {
            let storage = entries[sender]
            for index in 0..<sent[sender] {
                let entry = storage[index]
                guard entry.acknowledged else {
                    account.unacknowledged += Int(entry.deliveries)
                    continue
                }
                var owed = clients - 1
                for (member, cutoff) in cutoffs where member != sender && entry.sequence > cutoff { owed -= 1 }
                account.expected += owed
                account.delivered += min(owed, Int(entry.deliveries))
            }
        }
        return account
    }
}
