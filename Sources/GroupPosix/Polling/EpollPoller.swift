// EpollPoller: readiness notification over epoll(7), the non-blocking engine's mechanism.
import CGroupSys
import Glibc

/// The readiness a registration asks for or an event reports.
public struct PollEvents: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Readable (or a peer closed).
    public static let readable = PollEvents(rawValue: cgs_epollin)
    /// Writable.
    public static let writable = PollEvents(rawValue: cgs_epollout)
    /// Error or hang-up: the descriptor should be read to find out and then closed.
    public static let failed = PollEvents(rawValue: cgs_epollerr | cgs_epollhup)
}

/// One readiness event: the registration's tag and what happened.
public struct PollEvent: Sendable {
    /// The tag given at registration.
    public let tag: UInt64
    /// What the descriptor is ready for.
    public let events: PollEvents
}

/// A level-triggered epoll instance.
public final class EpollPoller {
    private let epfd: Int32
    private var buffer: [cgs_event]

    /// Creates the epoll instance. The corresponding C function is `epoll_create1`.
    public init(capacity: Int = 256) throws(SystemError) {
        epfd = try retryingOnInterrupt("epoll_create1") { cgs_epoll_create() }
        buffer = Array(repeating: cgs_event(), count: capacity)
    }

    /// Starts watching `fd` for `events`, reporting them with `tag`. The corresponding C function is `epoll_ctl`.
    public func register(_ fd: Int32, tag: UInt64, events: PollEvents) throws(SystemError) {
        _ = try retryingOnInterrupt("epoll_ctl") { cgs_epoll_ctl(epfd, 0, fd, events.rawValue, tag) }
    }

    /// Changes what `fd` is watched for.
    public func modify(_ fd: Int32, tag: UInt64, events: PollEvents) throws(SystemError) {
        _ = try retryingOnInterrupt("epoll_ctl") { cgs_epoll_ctl(epfd, 1, fd, events.rawValue, tag) }
    }

    /// Stops watching `fd`; call before closing it.
    public func unregister(_ fd: Int32) {
        _ = cgs_epoll_ctl(epfd, 2, fd, 0, 0)
    }

    /// Waits up to `timeoutMillis` (-1 forever) and returns the ready registrations.
    /// The corresponding C function is `epoll_wait`.
    public func wait(timeoutMillis: Int32) throws(SystemError) -> ArraySlice<PollEvent> {
        let count = buffer.withUnsafeMutableBufferPointer { events in
            cgs_epoll_wait(epfd, events.baseAddress, Int32(events.count), timeoutMillis)
        }
        if count < 0 {
            if errno == EINTR { return [] }
            throw .current("epoll_wait")
        }
        return ArraySlice(buffer[0..<Int(count)].map { PollEvent(tag: $0.tag, events: PollEvents(rawValue: $0.events)) })
    }

    deinit { Descriptor.close(epfd) }
}
