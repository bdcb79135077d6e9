// ClientRequest: every request a client can make, as a typed value.

/// A decoded client-to-server request.
public enum ClientRequest: Equatable, Sendable {
    /// Opens the conversation; must be the first frame.
    case hello(version: Int, client: String)
    /// Asks to join the group with a new account.
    case register(username: String, password: String)
    /// Logs in as an admitted member.
    case login(username: String, password: String)
    /// Ends the session.
    case logout
    /// Sends `text` to the whole group.
    case groupMessage(text: String)
    /// Sends `text` to one member.
    case directMessage(recipient: String, text: String)
    /// Asks for up to `count` visible messages older than `before` (0 = newest).
    case history(before: UInt64, count: Int)
    /// Asks who is online.
    case who
    /// Leaves the group: the membership is removed.
    case leave
    /// Changes the caller's username.
    case rename(newName: String)
    /// Checks liveness; the token is echoed.
    case ping(token: String)
    /// Answers the server's keep-alive ping; no response follows.
    case pong(token: String)
    /// Lists the shared files.
    case files
    /// Starts uploading `name` of `size` bytes with CRC-32 `checksum`.
    case uploadBegin(name: String, size: UInt64, checksum: UInt32)
    /// Part of the file being uploaded.
    case uploadChunk([UInt8])
    /// Finishes the upload.
    case uploadEnd
    /// Downloads `name` from `offset`.
    case download(name: String, offset: UInt64)
    /// A moderation action by a moderator.
    case moderate(ModerationRequest)
    /// Asks to join with an invitation code; a valid code admits at once.
    case registerInvited(code: String, username: String, password: String)
    /// A group action (`/me`).
    case action(text: String)
    /// Marks the caller away, with an optional reason.
    case away(reason: String)
    /// Marks the caller back.
    case back
    /// Asks about one member.
    case whois(name: String)
    /// A note for the owner, sent before the join request it goes with.
    case joinNote(String)
    /// Logs in with a session token issued earlier.
    case loginWithToken(token: String)
    /// Asks for a session token for this device (logged in).
    case issueToken
    /// Revokes a session token.
    case revokeToken(token: String)
    /// Asks for up to `count` of the messages that arrived since the member was last here.
    case catchUp(count: Int)
    /// Changes the password; every session token of the member is revoked.
    case changePassword(old: String, new: String)
    /// Asks for every member, their role and whether they are online.
    case members
    /// Searches the transcript (or, with empty text, pages through it).
    case search(SearchRequest)

    /// The frame type this request travels in.
    public var command: CommandCode {
        switch self {
        case .hello: return .hello
        case .register: return .register
        case .login: return .login
        case .logout: return .logout
        case .groupMessage: return .groupMessage
        case .directMessage: return .directMessage
        case .history: return .history
        case .who: return .who
        case .leave: return .leave
        case .rename: return .rename
        case .ping: return .ping
        case .pong: return .pong
        case .files: return .files
        case .uploadBegin: return .uploadBegin
        case .uploadChunk: return .uploadChunk
        case .uploadEnd: return .uploadEnd
        case .download: return .download
        case .moderate(let action): return action.command
        case .registerInvited: return .registerInvited
        case .action: return .action
        case .away: return .away
        case .back: return .back
        case .whois: return .whois
        case .joinNote: return .joinNote
        case .loginWithToken: return .loginWithToken
        case .issueToken: return .issueToken
        case .revokeToken: return .revokeToken
        case .catchUp: return .catchUp
        case .changePassword: return .changePassword
        case .members: return .members
        case .search: return .search
        }
    }
}
