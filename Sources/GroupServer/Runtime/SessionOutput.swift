// SessionOutput: what an engine offers the runtime — queue bytes for a session, close a session.
import GroupCore

/// The engine side of delivery. The runtime never touches sockets; it hands bytes to the engine, which
/// owns every connection's queue and writes it on its own schedule.
public protocol SessionOutput: AnyObject {
    /// Queues encoded frame bytes for `session`. An unknown session is ignored. When the session's queue
    /// is full the engine disconnects it (later, never inside this call) and reports `.disconnected`.
    func enqueue(_ bytes: [UInt8], for session: SessionID)
    /// Closes `session` once the bytes queued for it are written (or after a short grace period).
    func closeAfterFlush(_ session: SessionID)
    /// Feeds `.outputReady(session)` to the runtime once, as soon as the session's queue holds less than
    /// ``OutboundQueue/lowWater`` bytes (at once if it already does). Downloads are paced by it.
    func watchOutput(_ session: SessionID)
    /// The engine's small index for `session`, kept in the ``Audience`` so that ``broadcast(_:to:)`` reaches the
    /// session's queue without a look-up; valid while the session's connection lives. Nil: the engine has none.
    func slot(for session: SessionID) -> Int?
    /// Queues the same encoded frame for every member of `audience`: one call per message, however many members.
    /// Members the engine no longer knows are skipped; a full queue is handled as in ``enqueue(_:for:)``.
    func broadcast(_ frame: [UInt8], to audience: Audience)
}

/// Where password work goes. Results come back to the engine, which feeds them to the runtime.
public protocol PasswordWork: AnyObject {
    /// Starts hashing or checking; the engine later feeds the matching `.passwordHashed`/`.passwordChecked`.
    func submit(_ job: PasswordJob)
}

/// One password job, on behalf of one session (engines may run it where that session is served).
public enum PasswordJob: Sendable {
    /// Hash a new password.
    case hash(WorkToken, for: SessionID, password: String)
    /// Check a password against a stored hash.
    case check(WorkToken, for: SessionID, password: String, hash: String)

    /// The session the job is for.
    public var session: SessionID {
        switch self {
        case .hash(_, let session, _), .check(_, let session, _, _): return session
        }
    }
}
