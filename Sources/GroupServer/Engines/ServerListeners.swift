// ServerListeners: the listening sockets one server serves — the protocol port, and the web and IRC ports when
// they are on — handed to the engine together.
import GroupPosix

/// The bound listening sockets of a server.
public struct ServerListeners: Sendable {
    /// The protocol port (`--port`).
    public let main: ListeningSocket
    /// The web port (`--web-port`), or nil; its connections get a ``WebLayer``.
    public let web: ListeningSocket?
    /// The IRC port (`--irc-port`), or nil; its connections get an ``IRCLayer``.
    public let irc: ListeningSocket?

    /// Bundles the listeners.
    public init(main: ListeningSocket, web: ListeningSocket? = nil, irc: ListeningSocket? = nil) {
        self.main = main
        self.web = web
        self.irc = irc
    }

    /// Every listener with the kind of port it is, the protocol port first.
    var all: [(socket: ListeningSocket, port: PortKind)] {
        [(main, .main)] + (web.map { [($0, PortKind.web)] } ?? []) + (irc.map { [($0, PortKind.irc)] } ?? [])
    }
}
