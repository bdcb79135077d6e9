// ServerEngine: the one thing the three concurrency designs have in common — run until the group stops.
import GroupPosix

/// A way of serving connections. Every engine feeds the same ``GroupRuntime`` and differs only in how
/// bytes reach it and how queued bytes reach sockets.
public protocol ServerEngine {
    /// Serves `listeners` (the protocol port, and the web and IRC ports when they are on) until the runtime asks to
    /// stop, reading admin lines from `adminInput` and from the connections of `adminSocket`.
    /// - Parameters:
    ///   - listeners: The bound listening sockets.
    ///   - runtime: The group's runtime.
    ///   - adminInput: The admin prompt (standard input, line by line or through the owner's window).
    ///   - adminSocket: The data folder's `admin.sock`, when it could be created.
    ///   - network: The local-network announcement and the router port mapping, polled like the admin socket.
    /// - Throws: ``SystemError`` when the engine cannot set itself up.
    func run(
        listeners: ServerListeners, runtime: GroupRuntime, adminInput: AdminInput, adminSocket: AdminSocket?,
        network: NetworkServices?
    ) throws(SystemError)
}
