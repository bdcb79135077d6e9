// Descriptor: descriptor-level helpers shared by sockets, pipes and the terminal.
import Glibc

/// Operations on a raw file descriptor. Ownership lives in the types that hold one (``Socket``,
/// ``ListeningSocket``, ``Pipe``); these helpers never close.
public enum Descriptor {
    /// Switches O_NONBLOCK on or off. The corresponding C function is `fcntl`.
    public static func setNonBlocking(_ fd: Int32, _ on: Bool) throws(SystemError) {
        let flags = try retryingOnInterrupt("fcntl") { fcntl(fd, F_GETFL) }
        let wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        _ = try retryingOnInterrupt("fcntl") { fcntl(fd, F_SETFL, wanted) }
    }

    /// Reads up to `buffer.count` bytes. 0 means end of file. The corresponding C function is `read`.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try nonBlocking("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes up to `bytes.count` bytes. The corresponding C function is `write`.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try nonBlocking("write") { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }

    /// Writes all of `bytes` to a blocking descriptor. The corresponding C function is `write`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(SystemError) in
                    try retryingOnInterrupt("write") { Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
                }
            }
            offset += try result.get()
        }
    }

    /// Closes a descriptor once; EINTR is not retried (Linux has closed it anyway). The corresponding C
    /// function is `close`.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
