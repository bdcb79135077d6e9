// UnixSocket: Unix-domain stream sockets by path — the admin socket in the data folder and its client.
import CGroupSys
import Glibc

/// Unix-domain sockets. Descriptors are returned raw; the caller owns and closes them.
public enum UnixSocket {
    /// Binds and listens at `path` (non-blocking, close-on-exec, the socket file made mode 0600). The path
    /// must not exist. The corresponding C functions are `socket`, `bind`, `chmod` and `listen`.
    public static func listen(path: String, backlog: Int32 = 16) throws(SystemError) -> Int32 {
        try retryingOnInterrupt("bind(\(path))") { cgs_unix_listen(path, backlog) }
    }

    /// Connects (blocking, close-on-exec) to the socket at `path`. The corresponding C function is `connect`.
    /// - Throws: ``SystemError``: ENOENT when there is no socket, ECONNREFUSED when nobody listens on it.
    public static func connect(path: String) throws(SystemError) -> Int32 {
        try retryingOnInterrupt("connect(\(path))") { cgs_unix_connect(path) }
    }

    /// Accepts one connection, non-blocking and close-on-exec. The corresponding C function is `accept4`.
    /// - Returns: The descriptor, or `.wouldBlock` when none waits.
    public static func accept(_ listener: Int32) throws(SystemError) -> IOResult<Int32> {
        try nonBlocking("accept4") { cgs_accept_nonblocking(listener) }
    }
}
