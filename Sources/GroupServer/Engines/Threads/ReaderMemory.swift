// ReaderMemory: what an idle connection's reader thread keeps while it waits for its client — a read buffer whose
// pages are touched only as bytes arrive, and a stack given back after a moment without input.
import GroupPosix
import Glibc

/// The reader thread's buffer and stack. The buffer is allocated, not filled: only the pages the kernel writes into
/// become resident. It starts at 1 KiB and doubles, up to 64 KiB, each time a read fills it (a busy sender's reads
/// grow it, an idle member's stay one page). The socket's receive timeout is short (``idleMillis``) while the stack
/// holds pages from the last burst of work (the group core, a TLS handshake: 8–20 KiB deeper than the wait itself);
/// when it expires the thread gives those pages back and then waits without a timeout until its client speaks. A
/// connection that stays busy never times out, so it pays nothing; one that goes quiet pays one `madvise` and two
/// `setsockopt`s per quiet spell.
struct ReaderMemory: ~Copyable {
    /// The first buffer size; the largest it grows to.
    static let firstBytes = 1024, mostBytes = 64 * 1024
    /// How long a reader waits with its stack in use before giving the unused part back.
    static let idleMillis = 200

    private var buffer: UnsafeMutableRawBufferPointer
    private var lastReadFilled = false
    private var stackInUse = true
    /// How many times the reader gave its stack back (once per quiet spell).
    private(set) var stackReleases = 0
    /// The buffer's size now.
    var capacity: Int { buffer.count }

    /// Prepares `socket`'s reads (a blocking socket).
    init(_ socket: Socket) {
        buffer = .allocate(byteCount: Self.firstBytes, alignment: 16)
        socket.setReceiveTimeout(millis: Self.idleMillis)
    }

    deinit { buffer.deallocate() }

    /// Reads once from `socket`, waiting as long as it takes: the bytes read (valid until the next call), or nil at
    /// the end of the stream or on an error.
    mutating func read(_ socket: Socket) -> UnsafeRawBufferPointer? {
        if lastReadFilled && buffer.count < Self.mostBytes {
            let doubled = buffer.count * 2
            buffer.deallocate()
            buffer = .allocate(byteCount: doubled, alignment: 16)
        }
        while true {
            let count = Glibc.read(socket.fd, buffer.baseAddress, buffer.count)
            if count > 0 {
                lastReadFilled = count == buffer.count
                if !stackInUse {
                    stackInUse = true
                    socket.setReceiveTimeout(millis: Self.idleMillis)
                }
                return UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            }
            let error = errno
            if count < 0 && error == EINTR { continue }
            if count < 0 && (error == EAGAIN || error == EWOULDBLOCK) && stackInUse {
                // Quiet for a moment: give back what the last burst of work left on the stack, then wait for ever.
                Threads.releaseUnusedStack()
                stackReleases += 1
                stackInUse = false
                socket.setReceiveTimeout(millis: 0)
                continue
            }
            return nil
        }
    }
}
