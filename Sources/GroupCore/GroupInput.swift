// GroupInput: everything that can happen to the group, as seen by the pure core.
import GroupWire

/// Identifies one piece of password work (hash or check) the core asked the runtime to do.
public struct WorkToken: Hashable, Sendable {
    /// The core-assigned number.
    public let raw: UInt64

    /// Creates a token.
    public init(_ raw: UInt64) { self.raw = raw }
}

/// Identifies one upload's temporary file.
public struct UploadID: Hashable, Sendable {
    /// The core-assigned number.
    public let raw: UInt64

    /// Creates an ID.
    public init(_ raw: UInt64) { self.raw = raw }
}

/// An input to ``GroupStateMachine/handle(_:now:)``. Results of I/O the core asked for come back as inputs.
public enum GroupInput: Sendable {
    /// A client connected from `peer` (its address, as the engine saw it; failed logins are throttled
    /// per name and address); `web` when it came through the web port (`groupd --web-port`).
    case connected(SessionID, peer: String = "", web: Bool = false)
    /// A client sent a well-formed request.
    case request(SessionID, ClientRequest)
    /// A client sent a whole frame that is not a valid request; it is answered 400 (and closed if it
    /// had not said hello yet).
    case invalidRequest(SessionID, command: UInt16, reason: String)
    /// A client broke the framing; it is answered with `status` and closed.
    case protocolViolation(SessionID, StatusCode, String)
    /// A client's connection ended (or the engine closed it).
    case disconnected(SessionID)
    /// The engine cut a client's connection off for `reason` (a sentence such as "disconnected: not reading fast
    /// enough"); logged within the address's share of the event log, then handled as ``disconnected(_:)``.
    case connectionDropped(SessionID, reason: String)
    /// The owner typed a command at the admin prompt.
    case admin(AdminCommand)
    /// A ``GroupEffect/hashPassword(_:password:)`` finished; `hash` is nil when hashing failed.
    case passwordHashed(WorkToken, hash: String?)
    /// A ``GroupEffect/checkPassword(_:password:hash:)`` finished.
    case passwordChecked(WorkToken, matches: Bool)
    /// Every transcript entry up to `through` was written and synced, or failed with `error`.
    case transcriptSaved(through: UInt64, error: String?)
    /// The server must stop (signal, /close, end of service).
    case shutdown(reason: String)
    /// Time passed (engines send this about once a second): deadlines and keep-alive pings are checked.
    case tick
    /// A ``GroupEffect/finishUpload(_:name:)`` finished: the file is in place, or `error` says why not.
    case uploadStored(UploadID, error: String?)
    /// The session watched with ``GroupEffect/watchOutput(_:)`` has room in its output queue again.
    case outputReady(SessionID)
    /// A ``GroupEffect/sendFileChunk(_:name:offset:length:)`` could not read the file.
    case downloadFailed(SessionID, reason: String)
    /// A ``GroupEffect/readTranscript(_:)`` finished with this page (or its error).
    case transcriptRead(ReadID, TranscriptPage)
}
