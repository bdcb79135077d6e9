// ServerEngine: the one thing the three concurrency designs have in common — run until the group stops.
import GroupPosix

/// A way of serving connections. Every engine feeds the same ``GroupRuntime`` and differs only in how
/// bytes reach it and how queued bytes reach sockets.
public protocol ServerEngine {
    /// Serves `listener` until the runtime asks to stop, reading admin lines from `adminInput`.
    /// - Parameters:
    ///   - listener: The bound listening socket.
    ///   - runtime: The group's runtime.
    ///   - adminInput: The descriptor of the admin prompt (standard input).
    /// - Throws: ``SystemError`` when the engine cannot set itself up.
    func run(listener: ListeningSocket, runtime: GroupRuntime, adminInput: Int32) throws(SystemError)
}
