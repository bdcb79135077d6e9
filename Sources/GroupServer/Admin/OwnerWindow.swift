// OwnerWindow: what groupd shows its owner — log lines, chat lines, replies — buffered to standard output.
import GroupPosix
import GroupWire
import Glibc

/// The owner's window on standard output. Lines are buffered and written by ``flush()``, once per
/// engine turn, so a busy group costs one write a turn, not one a message. It never blocks: only what the
/// terminal or pipe can take at once is written (at most PIPE_BUF bytes per ready poll), and when nobody
/// reads (Ctrl-S, a stalled SSH session, a stuck pipe) the oldest lines beyond 1 MiB are dropped and
/// counted, so the group keeps running.
public final class OwnerWindow: @unchecked Sendable {
    // Used by one thread at a time: the engine thread, or whoever holds the runtime's lock.
    private var buffer: [UInt8] = []
    private var dropped = 0
    private let fd: Int32
    /// Whether the output is a regular file, which never blocks: then everything is written at once.
    private let isFile: Bool
    /// The most bytes kept for a window nobody reads.
    static let limit = 1024 * 1024

    /// Creates a window writing to `fd` (standard output by default).
    public init(fd: Int32 = 1) {
        self.fd = fd
        var info = stat()
        isFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Queues one line.
    public func show(_ line: String) {
        if buffer.count > Self.limit {
            let cut = buffer.firstIndex(of: 0x0A).map { $0 + 1 } ?? buffer.count
            buffer.removeFirst(cut)
            dropped += 1
        }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
    }

    /// Queues a timestamped log line.
    public func showLog(_ text: String, at millis: Int64) { show("[\(LocalTime.clock(millis, seconds: true))] \(text)") }

    /// Queues a chat line: group messages as `[time] name: text`, direct ones as `[time] name -> name: text`.
    public func showMessage(_ message: ChatMessage) {
        if message.isAction { return show("[\(LocalTime.clock(message.time, seconds: true))] * \(message.sender) \(message.text)") }
        let route = message.recipient.map { "\(message.sender) -> \($0)" } ?? message.sender
        show("[\(LocalTime.clock(message.time, seconds: true))] \(route): \(message.text)")
    }

    /// Writes what the output takes without blocking. A closed or broken standard output is ignored.
    public func flush() {
        if dropped > 0 && buffer.count < Self.limit / 2 {
            buffer = Array("(\(dropped) lines of this window were dropped: nobody was reading it)\n".utf8) + buffer
            dropped = 0
        }
        var written = 0
        while written < buffer.count {
            var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&ready, 1, 0) > 0, Int32(ready.revents) & POLLOUT != 0 else { break }
            // A pipe or terminal that polls writable takes PIPE_BUF bytes without blocking; a file takes all.
            let count = isFile ? buffer.count - written : min(Int(PIPE_BUF), buffer.count - written)
            let result = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                if errno != EAGAIN { written = buffer.count }  // closed or broken: forget the output
                break
            }
            written += result
        }
        buffer.removeFirst(written)
    }
}
