// PollSet: poll(2) over a handful of descriptors — the main loops of the threads and fork engines.
import Glibc

/// Waits for readiness on a small, changing set of descriptors.
public enum PollSet {
    /// Waits up to `timeoutMillis` (-1 forever) until one of `watched` is ready.
    /// - Parameter watched: Each descriptor with the readiness it wants; a negative descriptor is skipped.
    /// - Returns: The ready descriptors with what happened (EINTR returns an empty result).
    /// The corresponding C function is `poll`.
    public static func wait(_ watched: [(fd: Int32, events: PollEvents)], timeoutMillis: Int32) throws(SystemError)
        -> [(fd: Int32, events: PollEvents)]
    {
        var fds = watched.map { pollfd(fd: $0.fd, events: native($0.events), revents: 0) }
        let count = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMillis) }
        if count < 0 {
            if errno == EINTR { return [] }
            throw .current("poll")
        }
        return fds.filter { $0.revents != 0 }.map { ($0.fd, portable($0.revents)) }
    }

    private static func native(_ events: PollEvents) -> Int16 {
        var bits: Int32 = 0
        if events.contains(.readable) { bits |= POLLIN }
        if events.contains(.writable) { bits |= POLLOUT }
        return Int16(bits)
    }

    private static func portable(_ revents: Int16) -> PollEvents {
        var events: PollEvents = []
        if Int32(revents) & POLLIN != 0 { events.insert(.readable) }
        if Int32(revents) & POLLOUT != 0 { events.insert(.writable) }
        if Int32(revents) & (POLLERR | POLLHUP | POLLNVAL) != 0 { events.insert(.failed) }
        return events
    }
}
