// OwnerWindow: what groupd shows its owner — log lines, chat lines, replies — buffered to standard output.
import GroupPosix
import GroupWire

/// The owner's window on standard output. Lines are buffered and written by ``flush()``, once per
/// engine turn, so a busy group costs one write a turn, not one a message.
public final class OwnerWindow: @unchecked Sendable {
    // Used by one thread at a time: the engine thread, or whoever holds the runtime's lock.
    private var buffer: [UInt8] = []
    private let fd: Int32

    /// Creates a window writing to `fd` (standard output by default).
    public init(fd: Int32 = 1) { self.fd = fd }

    /// Queues one line.
    public func show(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 64 * 1024 { flush() }
    }

    /// Queues a timestamped log line.
    public func showLog(_ text: String, at millis: Int64) { show("[\(LocalTime.clock(millis, seconds: true))] \(text)") }

    /// Queues a chat line: group messages as `[time] name: text`, direct ones as `[time] name -> name: text`.
    public func showMessage(_ message: ChatMessage) {
        let route = message.recipient.map { "\(message.sender) -> \($0)" } ?? message.sender
        show("[\(LocalTime.clock(message.time, seconds: true))] \(route): \(message.text)")
    }

    /// Writes everything queued. A closed or broken standard output is ignored: the group keeps running.
    public func flush() {
        guard !buffer.isEmpty else { return }
        try? Descriptor.writeAll(fd, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
