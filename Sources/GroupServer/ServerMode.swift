// ServerMode: the --mode values and the engine each one selects.
import GroupTLS

/// How `groupd` serves its members.
public enum ServerMode: String, CaseIterable, Sendable {
    /// One thread, epoll, non-blocking sockets.
    case nonblocking
    /// A thread per connection and one lock around the group.
    case threads
    /// A child process per connection, talking to the parent through pipes.
    case fork

    /// The engine for this mode; with `tls`, every connection is encrypted with that context; with `web`,
    /// connections from the web port speak HTTP and WebSocket (see ``WebLayer``); with `irc`, connections from the
    /// IRC port speak IRC (see ``IRCLayer``).
    public func makeEngine(limits: ServerLimits, tls: TLSContext?, web: WebSite? = nil, irc: IRCService? = nil) -> ServerEngine {
        let layers = StreamLayers.Setup(tls: tls, site: web, irc: irc)
        switch self {
        case .nonblocking: return EventLoopEngine(limits: limits) { SocketTransport(layers: layers) }
        case .threads: return ThreadedEngine(limits: limits, tls: tls, web: web, irc: irc)
        case .fork: return EventLoopEngine(limits: limits) { ForkTransport(layers: layers) }
        }
    }
}

/// Resource limits every engine applies.
public struct ServerLimits: Sendable {
    /// Bytes queued for one client before it is disconnected as too slow.
    public var outboundQueueBytes: Int
    /// Milliseconds a closing connection may take to receive its last bytes.
    public var closeGraceMillis: Int64
    /// Unwritten bytes (queue and layers) at which a connection is no longer read until its output drains below
    /// ``OutboundQueue/lowWater`` (back-pressure): half the queue.
    public var readPauseBytes: Int { outboundQueueBytes / 2 }
    /// Milliseconds a connection may take no bytes at all while output waits for it before it is cut off as a
    /// slow reader — the same rule in every engine (the blocking ones time their writes out after as long).
    public static let stallMillis: Int64 = 5_000
    /// Connections open at once (0: as many as descriptors allow).
    public var maxConnections: Int
    /// Connections open at once from one peer address (0: no limit).
    public var maxConnectionsPerAddress: Int
    /// Connections open at once from one /24 (IPv4) or /64 (IPv6) network; nil: four times
    /// ``maxConnectionsPerAddress`` (0: no limit).
    public var maxConnectionsPerPrefix: Int?

    /// Creates limits.
    public init(
        outboundQueueBytes: Int = 1024 * 1024, closeGraceMillis: Int64 = 3_000, maxConnections: Int = 16_384,
        maxConnectionsPerAddress: Int = 64
    ) {
        self.outboundQueueBytes = outboundQueueBytes
        self.closeGraceMillis = closeGraceMillis
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// A limiter for these caps.
    func makeLimiter() -> ConnectionLimiter {
        ConnectionLimiter(
            maxTotal: maxConnections, maxPerAddress: maxConnectionsPerAddress,
            maxPerPrefix: maxConnectionsPerPrefix ?? 4 * maxConnectionsPerAddress)
    }
}
