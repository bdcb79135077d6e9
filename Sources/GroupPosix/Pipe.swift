// Pipe: a close-on-exec pipe whose ends are owned and closed exactly once.
import CGroupSys
import Glibc

/// A unidirectional pipe. Used to wake an event loop from a signal handler or a worker thread.
public final class Pipe: @unchecked Sendable {
    // Both ends are set once in init and only closed in deinit; writes and reads are thread-safe syscalls.
    /// The read end.
    public let readEnd: Int32
    /// The write end.
    public let writeEnd: Int32

    /// Creates a pipe with both ends non-blocking and close-on-exec. The corresponding C function is `pipe2`.
    public init() throws(SystemError) {
        var fds: [Int32] = [-1, -1]
        _ = try retryingOnInterrupt("pipe2") { cgs_pipe_cloexec(&fds) }
        readEnd = fds[0]
        writeEnd = fds[1]
        try Descriptor.setNonBlocking(readEnd, true)
        try Descriptor.setNonBlocking(writeEnd, true)
    }

    /// Writes one byte to wake the reader; a full pipe already means "wake up", so EAGAIN is fine.
    public func signal() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }

    /// Reads and discards everything available.
    public func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while scratch.withUnsafeMutableBytes({ Glibc.read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }

    deinit {
        Descriptor.close(readEnd)
        Descriptor.close(writeEnd)
    }
}
