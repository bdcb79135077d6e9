// Syscall: the one place EINTR is retried and EAGAIN becomes a value instead of an error.
import Glibc

/// The outcome of a call on a non-blocking descriptor.
public enum IOResult<Value> {
    /// The call did its work.
    case processed(Value)
    /// The call would have blocked (EAGAIN/EWOULDBLOCK); try again when the poller says so.
    case wouldBlock
}

/// Calls `body` until it does not fail with EINTR.
/// - Parameters:
///   - call: The C function's name, for the error.
///   - body: The call; returns -1 and sets errno on failure.
/// - Returns: The call's non-negative result.
/// - Throws: ``SystemError`` for any errno other than EINTR.
@inline(__always)
public func retryingOnInterrupt<T: FixedWidthInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        if errno == EINTR { continue }
        throw SystemError.current(call)
    }
}

/// Like ``retryingOnInterrupt(_:_:)``, but EAGAIN/EWOULDBLOCK becomes ``IOResult/wouldBlock``.
@inline(__always)
public func nonBlocking<T: FixedWidthInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> IOResult<T> {
    do {
        return .processed(try retryingOnInterrupt(call, body))
    } catch {
        if error.code == EAGAIN || error.code == EWOULDBLOCK { return .wouldBlock }
        throw error
    }
}
