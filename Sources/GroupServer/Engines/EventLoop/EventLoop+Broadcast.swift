// EventLoop+Broadcast: the fan-out path. The runtime hands over one encoded frame and the audience, once per
// message; the frame is copied into each recipient's queue by slot, with no look-up and no per-recipient call.
import GroupCore

extension EventLoop {
    func slot(for session: SessionID) -> Int? { connections[session]?.slot }

    func broadcast(_ frame: [UInt8], to audience: Audience) {
        let prefix = transport.prefix(forOutgoing: frame.count)
        prefix.withUnsafeBufferPointer { prefix in
            frame.withUnsafeBufferPointer { frame in
                outputs.broadcast(prefix: prefix, frame: frame, to: audience, dirty: &dirty, overflowed: &overflowed)
            }
        }
        guard !overflowed.isEmpty else { return }
        for slot in overflowed {
            if let connection = outputs.owner(slot) { kill(connection, reason: OutboundQueue.fullReason) }
        }
        overflowed.removeAll(keepingCapacity: true)
    }

    /// Bytes not yet written for `connection`: queued frames, translated web bytes and sealed ciphertext.
    func unwrittenCount(_ connection: Connection) -> Int {
        outputs[queue: connection.slot].count + (connection.layers?.pendingCount ?? 0)
    }
}
