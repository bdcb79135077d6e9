// ChatCommand: one line typed in `groupctl chat` -> what it asks for. Pure.
import GroupWire

/// A line typed in the chat.
public enum ChatCommand: Equatable, Sendable {
    /// A message to the group.
    case say(String)
    /// A direct message.
    case direct(to: String, text: String)
    /// Who is online.
    case who
    /// The 20 messages before the oldest shown.
    case more
    /// Change username.
    case nick(String)
    /// Leave the group for good.
    case leave
    /// Log out and quit.
    case quit
    /// List the shared files.
    case files
    /// Share a local file.
    case upload(path: String)
    /// Fetch a shared file, to `destination` or its own name.
    case download(name: String, destination: String?)
    /// A moderator's command (`/kick`, `/ban`, `/mute`, `/invite`…), sent as it is; the server checks the role.
    case moderate(ModerationRequest)
    /// An action: `/me waves` is shown to everyone as `* alice waves`.
    case action(String)
    /// Mark yourself away, with an optional reason.
    case away(String)
    /// You are back.
    case back
    /// Stop showing messages from a name (on this machine only).
    case ignore(String)
    /// Show messages from a name again.
    case unignore(String)
    /// List the ignored names.
    case ignoreList
    /// What the group knows about a member.
    case whois(String)
    /// Search the history for words (`/search WORDS`); empty: older matches of the last search (`/search`).
    case search(String)
    /// Show the commands.
    case help
    /// A mistake, with a sentence saying what is wrong.
    case invalid(String)

    /// The help text for `/help`.
    public static let helpText = """
        /msg NAME TEXT   direct message      /who     who is online
        /more            older messages      /nick NEW  change your username
        /leave           leave the group     /quit    log out and quit (Ctrl-D too)
        /files           shared files        /upload PATH   share a file
        /download NAME [DEST]  fetch a shared file
        /me TEXT         an action (* you TEXT)   /away [REASON]  mark yourself away   /back
        /whois NAME      joined, last seen, role  /ignore [NAME]  hide a name (list)   /unignore NAME
        /search WORDS    find messages holding every word (any case); /search alone: older matches
        Keys: Left/Right, Home/End (Ctrl-A/E), Up/Down history, Tab completes names and commands,
          Ctrl-U/K/W delete to start/end/word, Ctrl-L redraw, Ctrl-D or Ctrl-C quit
        Moderators: /approve NAME  /reject NAME  /kick NAME [REASON]  /ban NAME [DURATION] [REASON]  /unban NAME
          /mute NAME [DURATION]  /unmute NAME  /invite [NAME]  /revoke CODE  /pending  /bans  /mutes  /invites
          (DURATION like 30m, 2h, 1d; none: until lifted)
        Any other line is sent to the group; start it with // to send a line beginning with /.
        """

    /// The command words (without the slash) that Tab completes.
    public static let verbs: [String] = [
        "msg", "who", "more", "nick", "leave", "quit", "help", "files", "upload", "download", "me", "away", "back",
        "ignore", "unignore", "whois", "search", "approve", "reject", "kick", "ban", "unban", "mute", "unmute", "invite",
        "revoke", "pending", "bans", "mutes", "invites",
    ]

    /// Parses a line (without newline); nil for a blank line.
    public static func parse(_ line: String) -> ChatCommand? {
        let text = line.trimmingCharacters(in: " \t\r")
        if text.isEmpty { return nil }
        if text.hasPrefix("//") { return .say(String(text.dropFirst())) }
        guard text.hasPrefix("/") else { return .say(line) }
        let parts = text.dropFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        let verb = parts.first?.lowercased() ?? ""
        let rest = text.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).dropFirst().first
        switch ModerationRequest.parse(verb: verb, arguments: rest.map(String.init) ?? "") {
        case .success(let request)?: return .moderate(request)
        case .failure(let error)?: return .invalid(error.message)
        case nil: break
        }
        switch verb {
        case "msg":
            guard parts.count == 3 else { return .invalid("usage: /msg NAME TEXT") }
            return .direct(to: parts[1], text: parts[2])
        case "who": return .who
        case "me":
            guard let text = rest, !text.isEmpty else { return .invalid("usage: /me TEXT") }
            return .action(String(text))
        case "away": return .away(rest.map(String.init) ?? "")
        case "back": return .back
        case "ignore":
            guard parts.count <= 2 else { return .invalid("usage: /ignore [NAME]") }
            return parts.count == 2 ? .ignore(parts[1].lowercased()) : .ignoreList
        case "unignore":
            guard parts.count == 2 else { return .invalid("usage: /unignore NAME") }
            return .unignore(parts[1].lowercased())
        case "whois":
            guard parts.count == 2 else { return .invalid("usage: /whois NAME") }
            return .whois(parts[1])
        case "more": return .more
        case "search": return .search(rest.map { String($0).trimmingCharacters(in: " \t") } ?? "")
        case "nick":
            guard parts.count == 2 else { return .invalid("usage: /nick NEW") }
            return .nick(parts[1])
        case "leave": return .leave
        case "quit", "exit": return .quit
        case "help": return .help
        case "files": return .files
        case "upload":
            guard parts.count >= 2 else { return .invalid("usage: /upload PATH") }
            return .upload(path: parts.dropFirst().joined(separator: " "))
        case "download":
            guard parts.count >= 2 else { return .invalid("usage: /download NAME [DEST]") }
            return .download(name: parts[1], destination: parts.count > 2 ? parts[2] : nil)
        default: return .invalid("unknown command \(parts.first.map { "/" + $0 } ?? "/"); type /help")
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop.contains($0) }),
            let last = scalars.lastIndex(where: { !drop.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
