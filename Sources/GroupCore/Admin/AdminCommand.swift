// AdminCommand: what the owner can type at groupd's prompt.

/// A parsed line of the admin prompt.
public enum AdminCommand: Equatable, Sendable {
    /// List the commands.
    case help
    /// List join requests waiting for a decision.
    case pending
    /// Admit a pending request.
    case approve(String)
    /// Refuse a pending request.
    case reject(String)
    /// List all members with role and presence.
    case members
    /// List the members online.
    case who
    /// Disconnect a member, with an optional reason.
    case kick(String, reason: String)
    /// Ban a username and disconnect it, with an optional reason.
    case ban(String, reason: String)
    /// Lift a ban.
    case unban(String)
    /// List the bans.
    case bans
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
    /// Show the server's TLS certificate fingerprint (answered by the server, which holds the key).
    case fingerprint
    /// A chat message from the owner to the group.
    case chat(String)

    /// The help text shown by `/help`.
    public static let helpText = """
        Admin commands:
          /help                 this list
          /pending              join requests waiting for you
          /approve NAME         admit a pending request
          /reject NAME          refuse a pending request
          /members              all members, their role and whether they are online
          /who                  members online now
          /msg NAME TEXT        a direct message to one member
          /kick NAME [REASON]   disconnect a member (they may log in again)
          /ban NAME [REASON]    ban a name and disconnect it
          /unban NAME           lift a ban
          /bans                 the banned names
          /rename NEW NAME      rename the group
          /files                the shared files
          /rmfile NAME          delete a shared file
          /close                tell everyone, disconnect them and stop (the data is kept)
          /fingerprint          the server's TLS fingerprint, for members to compare when they join
        Any other line is a chat message from you; start it with // to send a line that begins with /.
        """
}
