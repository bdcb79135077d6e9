// SessionActivity: when a connection last spoke, whether it owes a pong, and its message allowance.

/// The timing side of one connection, for the handshake deadline, keep-alive pings and flood control.
struct SessionActivity: Sendable {
    /// When the connection entered its current not-logged-in phase (for the handshake deadline).
    var unauthenticatedSince: Int64?
    /// When a frame last arrived.
    var lastHeard: Int64
    /// When the unanswered ping was sent, if one is outstanding.
    var pingSentAt: Int64?
    /// The message allowance.
    var flood: FloodLimiter
    /// The peer's address.
    let peer: String
    /// Whether the connection came through the web port.
    let web: Bool

    init(now: Int64, limits: GroupLimits, peer: String, web: Bool = false) {
        self.peer = peer
        self.web = web
        unauthenticatedSince = now
        lastHeard = now
        flood = FloodLimiter(limits: limits, now: now)
    }
}
