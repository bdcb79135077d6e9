// ServerMessage: every frame a server sends, as a typed value.

/// A member's role in the group.
public enum Role: String, Equatable, Sendable, CaseIterable {
    /// Runs the server; cannot be kicked or banned.
    case owner
    /// Promoted by the owner (`/op`); may approve, reject, kick, ban, unban, mute, unmute and invite.
    case moderator
    /// An admitted member.
    case member
}

/// How a member was removed by the owner or a moderator.
public enum RemovalKind: String, Equatable, Sendable {
    /// Disconnected; may log in again.
    case kicked
    /// Disconnected and refused until unbanned.
    case banned
}

/// Why a member's other sessions were ended (`2064`).
public enum SessionEndReason: String, Equatable, Sendable {
    /// The member left the group from another session.
    case left
    /// The member changed their password from another session.
    case password
}

/// One entry of an online list.
public struct OnlineMember: Equatable, Sendable {
    /// The username.
    public var name: String
    /// The member's role.
    public var role: Role

    /// Creates an entry.
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// One entry of the member list (`2060`).
public struct MemberEntry: Equatable, Sendable {
    /// The username.
    public var name: String
    /// The member's role.
    public var role: Role
    /// Whether the member is online (the owner always is).
    public var online: Bool

    /// Creates an entry.
    public init(name: String, role: Role, online: Bool) {
        self.name = name
        self.role = role
        self.online = online
    }
}

/// Where a member is, as WHOIS tells it.
public enum MemberState: String, Equatable, Sendable {
    /// Logged in.
    case online
    /// Logged in and marked away.
    case away
    /// Not logged in.
    case offline
}

/// What WHOIS answers about a member.
public struct MemberInfo: Equatable, Sendable {
    /// The username.
    public var name: String
    /// The member's role.
    public var role: Role
    /// Online, away or offline.
    public var state: MemberState
    /// When the member was admitted (milliseconds since the epoch).
    public var joinedAt: Int64
    /// Online: since when; offline: when last online; nil when never online since the server kept track.
    /// (A time, not the sequence number of catch-up's last-seen.)
    public var lastOnline: Int64?
    /// The away reason (empty when none or not away).
    public var awayReason: String

    /// Creates the facts.
    public init(name: String, role: Role, state: MemberState, joinedAt: Int64, lastOnline: Int64?, awayReason: String = "") {
        self.name = name
        self.role = role
        self.state = state
        self.joinedAt = joinedAt
        self.lastOnline = lastOnline
        self.awayReason = awayReason
    }
}

/// A decoded server-to-client frame.
public enum ServerMessage: Equatable, Sendable {
    /// The answer to one request; `command` names the request answered (0 when none could be read).
    case response(status: StatusCode, command: UInt16, text: String)
    /// A live direct message.
    case directMessage(ChatMessage)
    /// A live group message.
    case groupMessage(ChatMessage)
    /// A member came online or went offline.
    case presence(name: String, online: Bool)
    /// The answer to hello.
    case welcome(version: Int, owner: String, groupName: String)
    /// A member was admitted.
    case memberJoined(name: String)
    /// A member left or was removed from the group.
    case memberLeft(name: String)
    /// A member changed username.
    case memberRenamed(old: String, new: String)
    /// The group was renamed.
    case groupRenamed(by: String, name: String)
    /// The receiving member was kicked or banned.
    case removed(kind: RemovalKind, by: String, reason: String)
    /// The receiving connection's join request was decided.
    case joinDecision(admitted: Bool, text: String)
    /// The server is shutting down; the connection will close.
    case shuttingDown(reason: String)
    /// The members online.
    case onlineList([OnlineMember])
    /// One entry of a history page.
    case historyEntry(ChatMessage)
    /// Keep-alive: answer with ``ClientRequest/pong(token:)``.
    case ping(token: String)
    /// One shared file.
    case fileEntry(SharedFile)
    /// Part of a file being downloaded.
    case fileChunk([UInt8])
    /// A download is complete.
    case fileEnd(name: String)
    /// A member shared a file.
    case fileShared(uploader: String, name: String, size: UInt64)
    /// The receiving member was muted by `by` until `until` (milliseconds since the epoch; nil: until unmuted).
    case muted(by: String, until: Int64?)
    /// The receiving member may send messages again; `by` is empty when the mute expired.
    case unmuted(by: String)
    /// A member's role changed.
    case roleChanged(name: String, role: Role)
    /// A live group action (`/me`); the message has ``ChatMessage/isAction`` set.
    case action(ChatMessage)
    /// A member went away.
    case away(name: String, reason: String)
    /// A member is back.
    case back(name: String)
    /// In answer to WHO: a member online who is away.
    case awayStatus(name: String, reason: String)
    /// In answer to WHOIS.
    case memberInfo(MemberInfo)
    /// The owner deleted the group; the connection will close and the group no longer exists.
    case groupDeleted(by: String, name: String)
    /// Every member with their role and presence (answers `1060`).
    case memberList([MemberEntry])
    /// One hit of a search (answers `1061`).
    case searchHit(ChatMessage)
    /// How many sessions a member online holds (in answer to WHO and WHOIS).
    case sessions(name: String, count: Int)
    /// Another member was kicked or banned.
    case memberRemoved(kind: RemovalKind, name: String, by: String, reason: String)
    /// This session ended because of what the member did in another one; the connection will close.
    case sessionEnded(reason: SessionEndReason, text: String)

    /// The frame type this message travels in.
    public var event: EventCode {
        switch self {
        case .response: return .response
        case .directMessage: return .directMessage
        case .groupMessage: return .groupMessage
        case .presence: return .presence
        case .welcome: return .welcome
        case .memberJoined: return .memberJoined
        case .memberLeft: return .memberLeft
        case .memberRenamed: return .memberRenamed
        case .groupRenamed: return .groupRenamed
        case .removed: return .removed
        case .joinDecision: return .joinDecision
        case .shuttingDown: return .shuttingDown
        case .onlineList: return .onlineList
        case .memberList: return .memberList
        case .historyEntry: return .historyEntry
        case .searchHit: return .searchHit
        case .ping: return .ping
        case .fileEntry: return .fileEntry
        case .fileChunk: return .fileChunk
        case .fileEnd: return .fileEnd
        case .fileShared: return .fileShared
        case .muted: return .muted
        case .unmuted: return .unmuted
        case .roleChanged: return .roleChanged
        case .action: return .action
        case .away: return .away
        case .back: return .back
        case .awayStatus: return .awayStatus
        case .memberInfo: return .memberInfo
        case .groupDeleted: return .groupDeleted
        case .sessions: return .sessions
        case .memberRemoved: return .memberRemoved
        case .sessionEnded: return .sessionEnded
        }
    }
}
