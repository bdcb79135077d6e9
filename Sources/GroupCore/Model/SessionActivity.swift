// SessionActivity: when a connection last spoke and whether it owes a pong.

/// The timing side of one connection, for the handshake deadline and keep-alive pings (the message allowance is
/// the member's, in ``GroupBudgets``).
struct SessionActivity: Sendable {
    /// When the connection entered its current not-logged-in phase (for the handshake deadline).
    var unauthenticatedSince: Int64?
    /// When a frame last arrived.
    var lastHeard: Int64
    /// When the unanswered ping was sent, if one is outstanding.
    var pingSentAt: Int64?
    /// The peer's address.
    let peer: String
    /// Whether the connection came through the web port.
    let web: Bool

    init(now: Int64, peer: String, web: Bool = false) {
        self.peer = peer
        self.web = web
        unauthenticatedSince = now
        lastHeard = now
    }
}
