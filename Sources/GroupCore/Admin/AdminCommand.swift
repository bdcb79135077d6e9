// AdminCommand: what the owner can type at groupd's prompt.
import GroupWire

/// A parsed line of the admin prompt.
public enum AdminCommand: Equatable, Sendable {
    /// List the commands.
    case help
    /// Approve, reject, kick, ban, unban, mute, unmute, invite, revoke, or one of their lists — the same
    /// requests a moderator sends from the chat.
    case moderate(ModerationRequest)
    /// Make a member a moderator.
    case op(String)
    /// Make a moderator a plain member again.
    case deop(String)
    /// List all members with role and presence.
    case members
    /// List the members online.
    case who
    /// Rename the group.
    case renameGroup(String)
    /// Send a direct message from the owner.
    case directMessage(String, text: String)
    /// List the shared files.
    case files
    /// Delete a shared file.
    case removeFile(String)
    /// Tell everyone, disconnect them and stop the server, keeping the data.
    case close
    /// Delete the group: tell everyone it no longer exists, disconnect them, stop, and remove the data folder.
    /// The prompt asks for the group's name before it hands this to the core (see ``DeletionConfirmation``).
    case delete
    /// Show the server's TLS certificate fingerprint (answered by the server, which holds the key).
    case fingerprint
    /// Show the addresses members can join at, best first, as `groupctl join` lines (answered by the server,
    /// which knows its interfaces and the router's mapping).
    case address
    /// A chat message from the owner to the group.
    case chat(String)

    /// The help text shown by `/help`.
    public static let helpText = """
        Admin commands:
          /help                       this list
          /pending                    join requests waiting for you
          /approve NAME               admit a pending request
          /reject NAME                refuse a pending request
          /members                    all members, their role and whether they are online
          /who                        members online now
          /msg NAME TEXT              a direct message to one member
          /kick NAME [REASON]         disconnect a member (they may log in again)
          /ban NAME [DURATION] [REASON]  ban a name and disconnect it; DURATION like 30m, 2h, 1d (none: until /unban)
          /unban NAME                 lift a ban
          /bans                       the banned names, with reasons and time left
          /mute NAME [DURATION]       refuse a member's messages (they are told); none: until /unmute
          /unmute NAME                lift a mute
          /mutes                      the muted members
          /invite [NAME]              a one-time code (valid 24h) and the groupctl join line to pass along
          /invites                    open invitations
          /revoke CODE                cancel an invitation
          /op NAME, /deop NAME        make a member a moderator, or a member again
          /rename NEW NAME            rename the group
          /files                      the shared files
          /rmfile NAME                delete a shared file
          /close                      tell everyone, disconnect them and stop (the data is kept)
          /delete                     delete the group for good (asks you to type its name to confirm)
          /fingerprint                the server's TLS fingerprint, for members to compare when they join
          /address                    where members can join: this machine's addresses, best first, as groupctl join lines
        Moderators use /approve, /reject, /kick, /ban, /unban, /mute, /unmute, /invite, /revoke and the lists from
        their chat; only you can act on a moderator, and nobody can act on you.
        Any other line is a chat message from you; start it with // to send a line that begins with /.
        """

    /// Every command the prompt knows, for Tab completion.
    public static let commandNames = [
        "/help", "/pending", "/approve", "/reject", "/members", "/who", "/msg", "/kick", "/ban", "/unban", "/bans",
        "/mute", "/unmute", "/mutes", "/invite", "/invites", "/revoke", "/op", "/deop", "/rename", "/files", "/rmfile",
        "/close", "/delete", "/fingerprint", "/address",
    ]

    // MARK: - Shorthands for the moderation requests

    /// `/pending`.
    public static let pending = AdminCommand.moderate(.list(.pending))
    /// `/bans`.
    public static let bans = AdminCommand.moderate(.list(.bans))
    /// `/approve NAME`.
    public static func approve(_ name: String) -> AdminCommand { .moderate(.approve(name: name)) }
    /// `/reject NAME`.
    public static func reject(_ name: String) -> AdminCommand { .moderate(.reject(name: name)) }
    /// `/kick NAME REASON`.
    public static func kick(_ name: String, reason: String) -> AdminCommand { .moderate(.kick(name: name, reason: reason)) }
    /// `/ban NAME REASON`, until unbanned.
    public static func ban(_ name: String, reason: String) -> AdminCommand {
        .moderate(.ban(name: name, seconds: 0, reason: reason))
    }
    /// `/unban NAME`.
    public static func unban(_ name: String) -> AdminCommand { .moderate(.unban(name: name)) }
}
