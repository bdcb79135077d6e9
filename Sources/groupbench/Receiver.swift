// Receiver: counts every group-message delivery, its latency and its order, straight from the frame bytes.
import GroupPosix

/// What every member received: deliveries, latencies, order violations. Fed with the raw payload of
/// each `2002 GROUP MESSAGE` frame; no String or ServerMessage is made on this path.
final class DeliveryLedger {
    /// How many members receive.
    let clients: Int
    /// How many members send (members 0..<senders).
    let senders: Int
    /// Deliveries to members other than the sender.
    private(set) var delivered = 0
    /// Deliveries whose counter or sequence number went backwards or repeated.
    private(set) var outOfOrder = 0
    /// Counters skipped (messages a receiver never saw between two it did).
    private(set) var gaps = 0
    /// Group messages that were not the bench's, or did not parse.
    private(set) var foreign = 0
    /// When the latest delivery arrived (monotonic nanoseconds), 0 before any.
    private(set) var lastDeliveryNanos: Int64 = 0
    /// Latencies of every delivery, send to receipt.
    private(set) var latency = LatencyHistogram()
    /// Every sent message's answer and deliveries, for counting what was lost.
    let book: MessageBook
    private let lastSequence: UnsafeMutablePointer<UInt64>
    private let lastCounter: UnsafeMutablePointer<UInt64>

    /// Creates an empty ledger for `clients` receivers and `senders` senders.
    init(clients: Int, senders: Int) {
        self.clients = clients
        self.senders = senders
        book = MessageBook(senders: senders)
        lastSequence = .allocate(capacity: clients)
        lastSequence.initialize(repeating: 0, count: clients)
        lastCounter = .allocate(capacity: clients * senders)
        lastCounter.initialize(repeating: 0, count: clients * senders)
    }

    /// The sequence number of the last group message `receiver` received (0 before any).
    func lastSequence(of receiver: Int) -> UInt64 { lastSequence[receiver] }

    deinit {
        lastSequence.deallocate()
        lastCounter.deallocate()
    }

    /// Records a `2002` payload `seq|time|sender|text` received by member `receiver` at `now`.
    /// The bench's texts are `b|SENDER_INDEX|COUNTER|SEND_NANOS|padding`.
    @inline(__always)
    func record(receiver: Int, payload: UnsafeRawBufferPointer, now: Int64) {
        var cursor = PayloadCursor(payload)
        guard let sequence = cursor.number(), cursor.skipField(), cursor.skipField(), cursor.expect(0x62, 0x7C),
            let sender = cursor.number(), let counter = cursor.number(), let sentAt = cursor.number(),
            sender < UInt64(senders)
        else {
            foreign += 1
            return
        }
        var inOrder = true
        if sequence <= lastSequence[receiver] { inOrder = false } else { lastSequence[receiver] = sequence }
        let from = Int(sender)
        guard from != receiver else {
            book.echo(from, counter: counter, sequence: sequence)
            if !inOrder { outOfOrder += 1 }
            return
        }
        delivered += 1
        book.deliver(from, counter: counter)
        lastDeliveryNanos = now
        let elapsed = now - Int64(bitPattern: sentAt)
        latency.record(micros: elapsed > 0 ? UInt64(elapsed / 1000) : 0)
        let slot = lastCounter + (receiver * senders + from)
        let previous = slot.pointee
        if counter == previous &+ 1 {
            slot.pointee = counter
        } else if counter > previous {
            gaps += Int(counter - previous - 1)
            slot.pointee = counter
        } else {
            inOrder = false
        }
        if !inOrder { outOfOrder += 1 }
    }
}
