// ModerationRequest: what the owner and moderators may do to members, join requests and invitations.

/// One of the lists a moderator may ask for.
public enum ModerationList: String, Equatable, Sendable, CaseIterable {
    /// Join requests waiting for a decision.
    case pending
    /// Banned names, with reasons and expiry.
    case bans
    /// Muted members, with expiry.
    case mutes
    /// Open invitations.
    case invites
}

/// A moderation action. The owner types it at `groupd`'s prompt; a moderator sends it from the chat as a
/// request (codes 1030–1039). Both go through the same rules in the core.
public enum ModerationRequest: Equatable, Sendable {
    /// Admit a pending join request.
    case approve(name: String)
    /// Refuse a pending join request.
    case reject(name: String)
    /// Disconnect a member; they may log in again.
    case kick(name: String, reason: String)
    /// Ban a name for `seconds` (0: until unbanned) and disconnect it.
    case ban(name: String, seconds: UInt64, reason: String)
    /// Lift a ban.
    case unban(name: String)
    /// Refuse a member's messages for `seconds` (0: until unmuted); the member is told.
    case mute(name: String, seconds: UInt64)
    /// Lift a mute.
    case unmute(name: String)
    /// Create a one-time invitation code, for one name or (empty) for anyone.
    case invite(name: String)
    /// Cancel an invitation by its code or the code's ID part.
    case revoke(code: String)
    /// Show one of the moderation lists.
    case list(ModerationList)

    /// The frame type this request travels in.
    public var command: CommandCode {
        switch self {
        case .approve: return .approve
        case .reject: return .reject
        case .kick: return .kick
        case .ban: return .ban
        case .unban: return .unban
        case .mute: return .mute
        case .unmute: return .unmute
        case .invite: return .invite
        case .revoke: return .revokeInvitation
        case .list: return .moderationList
        }
    }

    /// The payload fields, the free-text one last.
    var fields: [String] {
        switch self {
        case .approve(let name), .reject(let name), .unban(let name), .unmute(let name), .invite(let name): return [name]
        case .kick(let name, let reason): return [name, reason]
        case .ban(let name, let seconds, let reason): return [name, String(seconds), reason]
        case .mute(let name, let seconds): return [name, String(seconds)]
        case .revoke(let code): return [code]
        case .list(let list): return [list.rawValue]
        }
    }

    /// Decodes the payload of a moderation command; nil when `command` is not one.
    static func decode(_ command: CommandCode, _ payload: [UInt8]) throws(PayloadError) -> ModerationRequest? {
        func one() throws(PayloadError) -> String { try PayloadFields.split(payload, count: 1)[0] }
        switch command {
        case .approve: return .approve(name: try one())
        case .reject: return .reject(name: try one())
        case .unban: return .unban(name: try one())
        case .unmute: return .unmute(name: try one())
        case .invite: return .invite(name: try one())
        case .revokeInvitation: return .revoke(code: try one())
        case .kick:
            let f = try PayloadFields.split(payload, count: 2)
            return .kick(name: f[0], reason: f[1])
        case .ban:
            let f = try PayloadFields.split(payload, count: 3)
            return .ban(name: f[0], seconds: try PayloadFields.number(f[1]), reason: f[2])
        case .mute:
            let f = try PayloadFields.split(payload, count: 2)
            return .mute(name: f[0], seconds: try PayloadFields.number(f[1]))
        case .moderationList:
            let what = try one()
            guard let list = ModerationList(rawValue: what) else { throw .notOneOf(what, ModerationList.allCases.map(\.rawValue)) }
            return .list(list)
        default: return nil
        }
    }
}

extension CommandCode {
    /// Whether this is one of the moderators' commands (1030–1039).
    public var isModeration: Bool {
        switch self {
        case .approve, .reject, .kick, .ban, .unban, .mute, .unmute, .invite, .revokeInvitation, .moderationList: return true
        default: return false
        }
    }
}
