// AdminInput: reads the owner's prompt (standard input) a chunk at a time and hands complete lines over.
import GroupCore
import Glibc

/// The admin prompt's descriptor and line assembly. Every engine reads it the same way: when its poller
/// says the descriptor is readable, call ``readOnce(into:)``.
public final class AdminInput {
    /// The descriptor (standard input).
    public let fd: Int32
    /// Whether the input has ended; the server then keeps running without a prompt.
    public private(set) var ended = false
    private var console = AdminConsole()

    /// Creates the reader for `fd`.
    public init(fd: Int32) { self.fd = fd }

    /// Reads once (one `read`, which does not block on a readable descriptor) and feeds every completed line
    /// to `runtime`.
    public func readOnce(into runtime: GroupRuntime) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return }
        guard count > 0 else {
            ended = true
            if let line = console.finishLine() { runtime.handleAdminLine(line, console: &console) }
            return
        }
        for line in chunk.withUnsafeBytes({ console.lines(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) {
            runtime.handleAdminLine(line, console: &console)
        }
    }
}
